package io.ssmflow.activities.runbook;

import io.temporal.failure.ApplicationFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How an AWS error ends a runbook activity: throttling, server errors and network trouble are
 * retried by Temporal; anything else (a wrong input, a missing resource, access denied) fails the
 * step at once with AWS's code and message.
 */
final class AwsFailures {
  private AwsFailures() {}

  static ApplicationFailure of(String what, SdkException e) {
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? "AwsError" : s.awsErrorDetails().errorCode();
      String message =
          s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
      String text = what + ": " + code + (message == null ? "" : ": " + message);
      if (s.isThrottlingException() || s.statusCode() >= 500) {
        return ApplicationFailure.newFailure(text, code);
      }
      return ApplicationFailure.newNonRetryableFailure(text, code);
    }
    if (e instanceof SdkClientException) {
      return ApplicationFailure.newFailure(what + ": " + e.getMessage(), "SdkClientException");
    }
    return ApplicationFailure.newNonRetryableFailure(
        what + ": " + e.getMessage(), e.getClass().getSimpleName());
  }

  static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, "InvalidInput");
  }
}
