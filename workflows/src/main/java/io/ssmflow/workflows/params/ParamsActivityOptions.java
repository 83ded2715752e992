package io.ssmflow.workflows.params;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Timeouts and retries of the Parameter Store activities of the params workflows. */
final class ParamsActivityOptions {
  private ParamsActivityOptions() {}

  /** Reads and writes: a few retries (the SDK already backs off on throttling underneath). */
  static ActivityOptions calls() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(retries(5, Duration.ofSeconds(20)))
        .build();
  }

  /** Compensations: they must get through, so they keep trying for longer. */
  static ActivityOptions compensations() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(retries(20, Duration.ofMinutes(2)))
        .build();
  }

  private static RetryOptions retries(int attempts, Duration maxInterval) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2)
        .setMaximumInterval(maxInterval)
        .setMaximumAttempts(attempts)
        .setDoNotRetry("VersionNotFound", "InvalidRequest")
        .build();
  }
}
