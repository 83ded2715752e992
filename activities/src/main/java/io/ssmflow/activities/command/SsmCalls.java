package io.ssmflow.activities.command;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;

/** What the command classes share about calling SSM: per-call overrides and error codes. */
final class SsmCalls {
  /** A SendCommand that has not answered by then is looked up rather than waited for. */
  static final Duration SEND_CALL_TIMEOUT = Duration.ofSeconds(5);

  /** One lookup or status read; well under the send activity's start-to-close. */
  static final Duration READ_CALL_TIMEOUT = Duration.ofSeconds(4);

  /** Turns the SDK's retries off for one request: a retried SendCommand could run twice. */
  static final SdkPlugin NO_SDK_RETRIES =
      config ->
          config.overrideConfiguration(
              config.overrideConfiguration().toBuilder()
                  .retryStrategy(AwsRetryStrategy.doNotRetry())
                  .build());

  private SsmCalls() {}

  /** SSM's error code (e.g. InvalidInstanceId), or the exception's class when there is none. */
  static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? e.getClass().getSimpleName()
        : e.awsErrorDetails().errorCode();
  }

  /** SSM's message without the SDK's request id suffix, cut to a report's length. */
  static String message(AwsServiceException e) {
    String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    if (m == null || m.isBlank()) {
      m = e.getMessage() == null ? "" : e.getMessage();
    }
    m = m.strip();
    return m.length() <= 200 ? m : m.substring(0, 200);
  }

  /** A client error SSM will answer again: the request was refused, so it never ran. */
  static boolean refused(AwsServiceException e) {
    return !e.isThrottlingException() && e.statusCode() >= 400 && e.statusCode() < 500;
  }
}
