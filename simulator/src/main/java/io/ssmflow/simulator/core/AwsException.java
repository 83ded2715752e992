package io.ssmflow.simulator.core;

/**
 * An error answered to the client in its protocol's error shape. {@code code} is the AWS error code
 * the SDKs map to exception types (ParameterNotFound, InvalidInstanceId, ...). For query-compatible
 * JSON/CBOR services (CloudWatch) the modeled error shape name ({@code
 * InvalidParameterValueException}) differs from the query code ({@code InvalidParameterValue}):
 * {@link #type()} is what goes into {@code __type}, {@code code} into {@code x-amzn-query-error}.
 */
public class AwsException extends RuntimeException {
  private final String code;
  private final int httpStatus;
  private final boolean senderFault;
  private final String type;

  public AwsException(String code, String message) {
    this(code, message, 400);
  }

  public AwsException(String code, String message, int httpStatus) {
    this(code, message, httpStatus, code);
  }

  /** An error whose modeled shape name ({@code type}) differs from its query error code. */
  public AwsException(String code, String message, int httpStatus, String type) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
    this.senderFault = httpStatus < 500;
    this.type = type == null ? code : type;
  }

  public String code() {
    return code;
  }

  /** The error shape name for {@code __type} in JSON and CBOR answers; the code by default. */
  public String type() {
    return type;
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
