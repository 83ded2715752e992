package io.ssmflow.simulator.sns;

import java.util.Base64;

/**
 * One Publish message attribute. {@code value} is the StringValue, or the base64 text of the
 * BinaryValue, which is how SNS forwards binary attributes in notification JSON.
 */
record MessageAttribute(String dataType, String value) {
  boolean binary() {
    return dataType.startsWith("Binary");
  }

  byte[] bytes() {
    return Base64.getDecoder().decode(value);
  }
}
