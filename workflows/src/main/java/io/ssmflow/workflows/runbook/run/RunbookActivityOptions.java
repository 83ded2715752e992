package io.ssmflow.workflows.runbook.run;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of the runbook's activities, sized for recovery (docs/design.md, durable
 * code rule 8): single calls are short and retried a few times; waits heartbeat every poll with a
 * short heartbeat timeout and run as long as the step's timeout.
 */
final class RunbookActivityOptions {
  private RunbookActivityOptions() {}

  /** One AWS call (aws:executeAwsApi, assert, createTags, command output, target lookup). */
  static ActivityOptions call(String summary) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(60))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(10))
                .setMaximumAttempts(4)
                .build())
        .setSummary(summary)
        .build();
  }

  /** A wait that polls inside the activity for up to {@code seconds}. */
  static ActivityOptions poll(String summary, int seconds) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(seconds + 60L))
        .setHeartbeatTimeout(Duration.ofSeconds(15))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(10))
                .setMaximumAttempts(3)
                .build())
        .setSummary(summary)
        .build();
  }
}
