package io.ssmflow.worker.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The data converter of every ssmflow client and worker: Temporal's default converter, then the
 * AES-256-GCM {@link EncryptionCodec} when a key file is configured ({@code
 * SSMFLOW_CODEC_KEY_FILE}), else a pass-through codec that only turns reading an encrypted payload
 * into a clear error.
 */
public final class PayloadEncryption {
  private PayloadEncryption() {}

  /** The key file named by the environment, or null when it is unset or blank. */
  public static Path keyFile(Map<String, String> env) {
    String v = env.get(CodecKeys.ENV);
    return v == null || v.isBlank() ? null : Path.of(v.trim());
  }

  /**
   * Loads the keys; a file that group or others may read is refused.
   *
   * @throws IllegalArgumentException one line naming the file and the problem
   */
  public static CodecKeys loadKeys(Path keyFile) {
    return CodecKeys.load(keyFile);
  }

  /** The codec for a key file, or the pass-through one for null. */
  public static io.temporal.payload.codec.PayloadCodec codec(Path keyFile) {
    return keyFile == null ? new MissingKeyCodec() : new EncryptionCodec(loadKeys(keyFile));
  }

  /** The data converter for a key file (null: no encryption). */
  public static DataConverter dataConverter(Path keyFile) {
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(codec(keyFile)));
  }

  /** The data converter for these keys. */
  public static DataConverter dataConverter(CodecKeys keys) {
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(new EncryptionCodec(keys)));
  }
}
