package io.ssmflow.simulator.cloudwatch;

import io.ssmflow.simulator.core.AwsException;

/**
 * CloudWatch's errors. The service is {@code @awsQueryCompatible}: JSON and CBOR answers carry the
 * modeled shape name in {@code __type} (what SDK v2 picks the exception class by) and the query
 * code in {@code x-amzn-query-error} (what {@code errorCode()} and botocore report).
 */
final class CwErrors {
  private CwErrors() {}

  static AwsException invalidParameterValue(String message) {
    return new AwsException(
        "InvalidParameterValue", message, 400, "InvalidParameterValueException");
  }

  static AwsException invalidValue(Object value, String path) {
    return invalidParameterValue("The value " + value + " for parameter " + path + " is invalid.");
  }

  static AwsException missingParameter(String path) {
    return new AwsException(
        "MissingParameter",
        "The parameter " + path + " is required.",
        400,
        "MissingRequiredParameterException");
  }

  static AwsException invalidParameterCombination(String message) {
    return new AwsException(
        "InvalidParameterCombination", message, 400, "InvalidParameterCombinationException");
  }

  static AwsException mutuallyExclusive(String a, String b) {
    return invalidParameterCombination(
        "The parameters "
            + a
            + " and "
            + b
            + " are mutually exclusive and you have specified both.");
  }

  /** The ResourceNotFound query error (DeleteAlarms, SetAlarmState). */
  static AwsException resourceNotFound(String message) {
    return new AwsException("ResourceNotFound", message, 404, "ResourceNotFoundException");
  }

  /** The ResourceNotFoundException error of the tagging operations. */
  static AwsException resourceNotFoundException(String message) {
    return new AwsException("ResourceNotFoundException", message, 404, "ResourceNotFoundException");
  }

  static AwsException invalidNextToken() {
    return new AwsException(
        "InvalidNextToken", "The service cannot process the NextToken.", 400, "InvalidNextToken");
  }

  static AwsException limitExceeded(String message) {
    return new AwsException("LimitExceeded", message, 400, "LimitExceededFault");
  }

  static AwsException invalidFormat(String message) {
    return new AwsException("InvalidFormat", message, 400, "InvalidFormatFault");
  }

  /** A constraint violation (length, range, enum): CloudWatch's unmodeled ValidationError. */
  static AwsException validation(String message) {
    return new AwsException("ValidationError", message, 400);
  }

  static AwsException enumValue(Object value, String member, java.util.Collection<String> set) {
    return validation(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: Member must satisfy enum value set: "
            + set);
  }
}
