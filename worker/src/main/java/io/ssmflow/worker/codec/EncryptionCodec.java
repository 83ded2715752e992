package io.ssmflow.worker.codec;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM payload encryption. Each payload becomes a new payload with metadata {@code encoding:
 * binary/encrypted}, {@code encryption-key-id: ID} and {@code encryption-cipher:
 * AES/GCM/NoPadding}, and data {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}; the
 * plaintext is the original payload's protobuf bytes (metadata and data), with the key id as
 * associated data. Encoding uses the current key, decoding the key named in the payload, so keys
 * rotate without losing old histories. Payloads that are not {@code binary/encrypted} pass through
 * decoding unchanged (histories written before encryption was turned on still read).
 */
public final class EncryptionCodec implements PayloadCodec {
  public static final String ENCODING_KEY = "encoding";
  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  public static final String CIPHER_KEY = "encryption-cipher";
  public static final String CIPHER = "AES/GCM/NoPadding";
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);
  private static final ByteString CIPHER_BYTES = ByteString.copyFromUtf8(CIPHER);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CodecKeys keys;

  public EncryptionCodec(CodecKeys keys) {
    this.keys = requireNonNull(keys, "keys is null");
  }

  public CodecKeys keys() {
    return keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(encrypt(p));
    }
    return out;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload p : payloads) {
      out.add(isEncrypted(p) ? decrypt(p) : p);
    }
    return out;
  }

  /** Whether a payload was written by this codec. */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataOrDefault(ENCODING_KEY, ByteString.EMPTY));
  }

  private Payload encrypt(Payload payload) {
    String id = keys.currentId();
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload: " + e.getMessage(), e);
    }
    ByteBuffer data = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
    return Payload.newBuilder()
        .putMetadata(ENCODING_KEY, ENCODING_BYTES)
        .putMetadata(KEY_ID, ByteString.copyFromUtf8(id))
        .putMetadata(CIPHER_KEY, CIPHER_BYTES)
        .setData(ByteString.copyFrom(data.array()))
        .build();
  }

  private Payload decrypt(Payload payload) {
    ByteString idBytes = payload.getMetadataOrDefault(KEY_ID, null);
    if (idBytes == null) {
      throw new PayloadCodecException(
          "an encrypted payload has no "
              + KEY_ID
              + " metadata; it was not written by ssmflow's codec");
    }
    String id = idBytes.toStringUtf8();
    SecretKey key = keys.key(id);
    if (key == null) {
      throw new PayloadCodecException(
          "payload is encrypted with key id '"
              + id
              + "', which is not in "
              + CodecKeys.ENV
              + (keys.source() == null ? "" : " (" + keys.source() + ")")
              + " (it has "
              + String.join(", ", keys.ids())
              + "): set "
              + CodecKeys.ENV
              + " to the key file the workers use, keeping old keys"
              + " after a rotation");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("encrypted payload is too short (" + data.length + " bytes)");
    }
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(idBytes.toByteArray());
      plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new PayloadCodecException(
          "payload encrypted with key id '"
              + id
              + "' does not decrypt with the key of that id in "
              + CodecKeys.ENV
              + ": the key file differs from the one that encrypted it, or the data was altered",
          e);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot decrypt a payload: " + e.getMessage(), e);
    }
    try {
      return Payload.parseFrom(plain);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("decrypted payload is not a Payload: " + e.getMessage(), e);
    }
  }
}
