package io.ssmflow.activities.params;

import io.temporal.failure.ApplicationFailure;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Turns Parameter Store errors into activity failures that cannot leak a value: the AWS message is
 * kept only when the caller says the value is not secret (AWS echoes values in some validation
 * messages), and the SDK exception is not attached as a cause.
 */
final class SsmFailures {
  private SsmFailures() {}

  /**
   * A client error (4xx, not throttling) fails for good with the error code as its type; other
   * errors are retried.
   */
  static RuntimeException of(String operation, String name, SsmException e, boolean secret) {
    String code = e.awsErrorDetails() == null ? "SsmException" : e.awsErrorDetails().errorCode();
    String detail =
        secret || e.awsErrorDetails() == null ? "" : ": " + e.awsErrorDetails().errorMessage();
    String message = operation + " " + name + " failed with " + code + detail;
    boolean clientError =
        e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException();
    return clientError
        ? ApplicationFailure.newNonRetryableFailure(message, code)
        : ApplicationFailure.newFailure(message, code);
  }
}
