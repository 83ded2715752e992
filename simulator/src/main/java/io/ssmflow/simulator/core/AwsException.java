package io.ssmflow.simulator.core;

/**
 * An error answered to the client in its protocol's error shape. {@code code} is the AWS error
 * code the SDKs map to exception types (ParameterNotFound, InvalidInstanceId, ...).
 */
public class AwsException extends RuntimeException {
  private final String code;
  private final int httpStatus;
  private final boolean senderFault;

  public AwsException(String code, String message) {
    this(code, message, 400);
  }

  public AwsException(String code, String message, int httpStatus) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
    this.senderFault = httpStatus < 500;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean senderFault() {
    return senderFault;
  }

  public static AwsException validation(String message) {
    return new AwsException("ValidationException", message);
  }

  public static AwsException invalidParameterValue(String message) {
    return new AwsException("InvalidParameterValue", message);
  }

  public static AwsException invalidAction(String action) {
    return new AwsException(
        "InvalidAction", "The action or operation requested is not valid: " + action);
  }
}
