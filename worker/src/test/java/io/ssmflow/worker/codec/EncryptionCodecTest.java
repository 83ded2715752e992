package io.ssmflow.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionCodecTest {
  static final String SECRET = "hunter2-db-password";
  @TempDir Path dir;

  static byte[] key(int seed) {
    byte[] k = new byte[CodecKeys.KEY_BYTES];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed * 31 + i);
    }
    return k;
  }

  static CodecKeys keys(String... ids) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (String id : ids) {
      m.put(id, key(id.hashCode()));
    }
    return CodecKeys.of(m);
  }

  static Payload json(String text) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(text).orElseThrow();
  }

  @Test
  void roundTripHidesThePlaintextAndUsesAFreshNonceEachTime() {
    EncryptionCodec codec = new EncryptionCodec(keys("a"));
    Payload original = json(SECRET);
    List<Payload> once = codec.encode(List.of(original));
    List<Payload> twice = codec.encode(List.of(original));

    Payload p = once.get(0);
    assertThat(p.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(p.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("a");
    assertThat(p.toByteString().toStringUtf8()).doesNotContain(SECRET).doesNotContain("json/plain");
    assertThat(p.getData()).isNotEqualTo(twice.get(0).getData());
    // nonce 12 + payload bytes + tag 16
    assertThat(p.getData().size()).isEqualTo(12 + original.getSerializedSize() + 16);
    assertThat(codec.decode(once)).containsExactly(original);
    assertThat(codec.decode(twice)).containsExactly(original);
  }

  @Test
  void decodeLeavesUnencryptedPayloadsAlone() {
    EncryptionCodec codec = new EncryptionCodec(keys("a"));
    Payload plain = json("old history");
    Payload binaryNull =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("binary/null"))
            .build();
    assertThat(codec.decode(List.of(plain, binaryNull))).containsExactly(plain, binaryNull);
  }

  @Test
  void rotationEncodesWithTheFirstKeyAndDecodesWithAnyKnownOne() {
    Payload original = json(SECRET);
    Payload underOld = new EncryptionCodec(keys("old")).encode(List.of(original)).get(0);
    EncryptionCodec rotated = new EncryptionCodec(keys("new", "old"));
    Payload underNew = rotated.encode(List.of(original)).get(0);

    assertThat(underNew.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("new");
    assertThat(rotated.decode(List.of(underOld, underNew))).containsExactly(original, original);
  }

  @Test
  void unknownKeyIdNamesTheSetting() {
    Payload p = new EncryptionCodec(keys("gone")).encode(List.of(json(SECRET))).get(0);
    assertThatThrownBy(() -> new EncryptionCodec(keys("other")).decode(List.of(p)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key id 'gone'")
        .hasMessageContaining("SSMFLOW_CODEC_KEY_FILE");
  }

  @Test
  void sameIdOtherKeyOrTamperedDataFailsAuthentication() {
    Payload p = new EncryptionCodec(keys("a")).encode(List.of(json(SECRET))).get(0);
    CodecKeys impostor = CodecKeys.of(Map.of("a", key(99)));
    assertThatThrownBy(() -> new EncryptionCodec(impostor).decode(List.of(p)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("SSMFLOW_CODEC_KEY_FILE");

    byte[] data = p.getData().toByteArray();
    data[20] ^= 1;
    Payload tampered = p.toBuilder().setData(ByteString.copyFrom(data)).build();
    assertThatThrownBy(() -> new EncryptionCodec(keys("a")).decode(List.of(tampered)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("altered");

    Payload relabelled =
        p.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("b")).build();
    assertThatThrownBy(
            () ->
                new EncryptionCodec(CodecKeys.of(Map.of("b", key("a".hashCode()))))
                    .decode(List.of(relabelled)))
        .isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void withoutAKeyFileEncryptedPayloadsGiveAClearError() {
    Payload p = new EncryptionCodec(keys("a")).encode(List.of(json(SECRET))).get(0);
    DataConverter plain = PayloadEncryption.dataConverter((Path) null);
    assertThat(plain.toPayload("x").orElseThrow().getMetadataOrThrow("encoding").toStringUtf8())
        .isEqualTo("json/plain");
    assertThatThrownBy(() -> plain.fromPayload(p, String.class, String.class))
        .hasMessageContaining("SSMFLOW_CODEC_KEY_FILE is not set");
  }

  @Test
  void dataConverterRoundTripsValuesThroughAKeyFile() throws Exception {
    Path file = dir.resolve("codec.key");
    CodecKeys generated = CodecKeys.generateIfMissing(file);
    DataConverter converter = PayloadEncryption.dataConverter(file);
    Payload p = converter.toPayload(Map.of("password", SECRET)).orElseThrow();
    assertThat(p.toByteString().toStringUtf8()).doesNotContain(SECRET);
    assertThat(p.getMetadataOrThrow("encryption-key-id").toStringUtf8())
        .isEqualTo(generated.currentId());
    @SuppressWarnings("unchecked")
    Map<String, String> back = converter.fromPayload(p, Map.class, Map.class);
    assertThat(back).containsEntry("password", SECRET);
  }

  @Test
  void generatedKeyFileIsOwnerOnlyAndReusedAndParses() throws Exception {
    Path file = dir.resolve("state/codec.key");
    CodecKeys first = CodecKeys.generateIfMissing(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(CodecKeys.permissionWarning(file)).isEmpty();
    assertThat(CodecKeys.generateIfMissing(file).currentId()).isEqualTo(first.currentId());
    assertThat(first.currentId()).matches("k[0-9a-f]{12}");
  }

  @Test
  void keyFileFormat() throws Exception {
    String k1 = Base64.getEncoder().encodeToString(key(1));
    String k2 = Base64.getEncoder().encodeToString(key(2));
    Path file = dir.resolve("keys");
    Files.writeString(file, "# rotated 2026-11\n\n2026-11:" + k2 + "\n" + k1 + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    CodecKeys keys = CodecKeys.load(file);
    assertThat(keys.currentId()).isEqualTo("2026-11");
    assertThat(keys.ids()).containsExactly("2026-11", CodecKeys.fingerprint(key(1)));
  }

  @Test
  void badKeyFilesAreOneLineNamingTheFileAndLine() throws Exception {
    Path file = dir.resolve("bad");
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        file,
        "# comment\nshort:"
            + Base64.getEncoder()
                .encodeToString("sixteen bytes!!!".getBytes(StandardCharsets.UTF_8))
            + "\n");
    assertThatThrownBy(() -> CodecKeys.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SSMFLOW_CODEC_KEY_FILE file "
                + file
                + " line 2: the key is 16 bytes;"
                + " AES-256 needs 32");
    Files.writeString(file, "not base64 !!\n");
    assertThatThrownBy(() -> CodecKeys.load(file)).hasMessageContaining("line 1: not Base64");
    Files.writeString(file, "# nothing\n");
    assertThatThrownBy(() -> CodecKeys.load(file)).hasMessageContaining("no key");
    String k = Base64.getEncoder().encodeToString(key(1));
    Files.writeString(file, "a:" + k + "\na:" + k + "\n");
    assertThatThrownBy(() -> CodecKeys.load(file)).hasMessageContaining("appears twice");
    Files.writeString(file, "bad id:" + k + "\n");
    assertThatThrownBy(() -> CodecKeys.load(file)).hasMessageContaining("must match");
    assertThatThrownBy(() -> CodecKeys.load(dir.resolve("missing")))
        .hasMessageContaining("SSMFLOW_CODEC_KEY_FILE file")
        .hasMessageContaining("cannot be read");
  }

  @Test
  void warnsWhenGroupOrOthersCanRead() throws Exception {
    Path file = dir.resolve("open.key");
    CodecKeys.generateIfMissing(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Optional<String> warning = CodecKeys.permissionWarning(file);
    assertThat(warning)
        .hasValueSatisfying(
            w -> assertThat(w).contains("readable by everyone").contains("chmod 600"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    assertThat(CodecKeys.permissionWarning(file))
        .hasValueSatisfying(w -> assertThat(w).contains("readable by its group"));
  }

  @Test
  void aKeyFileThatGroupOrOthersMayReadOrWriteIsRefusedBeforeItIsRead() throws Exception {
    Path file = dir.resolve("open.key");
    CodecKeys.generateIfMissing(file);
    for (String mode :
        new String[] {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      assertThatThrownBy(() -> CodecKeys.load(file))
          .as(mode)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("SSMFLOW_CODEC_KEY_FILE file " + file + " is ")
          .hasMessageContaining("(" + mode + ")")
          .hasMessageEndingWith("chmod 600 " + file);
      assertThatThrownBy(() -> PayloadEncryption.dataConverter(file))
          .hasMessageContaining("chmod 600");
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertThat(CodecKeys.load(file).ids()).hasSize(1);
  }

  @Test
  void aKeyFileOver64KbIsRefused() throws Exception {
    Path file = dir.resolve("huge.key");
    Files.writeString(file, "#".repeat(70_000) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> CodecKeys.load(file)).hasMessageContaining("at most 65536 bytes");
  }
}
