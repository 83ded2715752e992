package io.ssmflow.worker.codec;

import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;

/**
 * The codec of a process without {@code SSMFLOW_CODEC_KEY_FILE}: payloads are written as they are,
 * and reading an encrypted one fails with an error that names the missing setting (instead of the
 * converter's "no PayloadConverter for encoding binary/encrypted").
 */
final class MissingKeyCodec implements PayloadCodec {
  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    for (Payload p : payloads) {
      if (EncryptionCodec.isEncrypted(p)) {
        throw new PayloadCodecException(
            "payload is encrypted ("
                + EncryptionCodec.ENCODING
                + ", key id '"
                + p.getMetadataOrDefault(
                        EncryptionCodec.KEY_ID, com.google.protobuf.ByteString.EMPTY)
                    .toStringUtf8()
                + "') and "
                + CodecKeys.ENV
                + " is not set: set it to the key file the workers use");
      }
    }
    return payloads;
  }
}
