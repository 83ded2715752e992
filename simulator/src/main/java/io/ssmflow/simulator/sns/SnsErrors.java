package io.ssmflow.simulator.sns;

import io.ssmflow.simulator.core.AwsException;

/** SNS error codes as the Query protocol answers them (botocore's SNS model names them). */
final class SnsErrors {
  private SnsErrors() {}

  /** InvalidParameter: the message already carries AWS's "Invalid parameter: ..." prefix. */
  static AwsException invalidParameter(String message) {
    return new AwsException("InvalidParameter", message);
  }

  /** ParameterValueInvalid (InvalidParameterValueException): bad message attributes. */
  static AwsException parameterValueInvalid(String message) {
    return new AwsException("ParameterValueInvalid", message);
  }

  static AwsException notFound(String message) {
    return new AwsException("NotFound", message, 404);
  }

  static AwsException topicNotFound() {
    return notFound("Topic does not exist");
  }

  static AwsException resourceNotFound() {
    return new AwsException("ResourceNotFound", "Resource does not exist", 404);
  }

  /** What AWS answers when a required Query member is absent. */
  static AwsException missing(String member) {
    return new AwsException(
        "ValidationError",
        "1 validation error detected: Value null at '"
            + Character.toLowerCase(member.charAt(0))
            + member.substring(1)
            + "' failed to satisfy constraint: Member must not be null");
  }
}
