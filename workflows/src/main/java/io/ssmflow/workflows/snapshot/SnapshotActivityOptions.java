package io.ssmflow.workflows.snapshot;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Timeouts and retries of the snapshot activities (docs/design.md §4.2-4.3). */
public final class SnapshotActivityOptions {
  /** A heartbeat at least this often proves a waiting activity is alive. */
  static final Duration WAIT_HEARTBEAT = Duration.ofMinutes(2);

  private SnapshotActivityOptions() {}

  /** CreateSnapshot per volume: finds its own earlier snapshots by tag, so retrying is safe. */
  public static ActivityOptions createSnapshots() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(15))
        .setHeartbeatTimeout(WAIT_HEARTBEAT)
        .setRetryOptions(retries(10, Duration.ofMinutes(1)))
        .build();
  }

  /**
   * Waiting for snapshots: they can take hours, so start-to-close is long and a lost worker is
   * noticed through the heartbeat timeout; waiting is idempotent, so it retries.
   */
  public static ActivityOptions awaitSnapshots() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofHours(24))
        .setHeartbeatTimeout(WAIT_HEARTBEAT)
        .setRetryOptions(retries(20, Duration.ofMinutes(2)))
        .build();
  }

  /**
   * Restoring a root volume: the client token makes a retry find the same task; a task that ended
   * failed is not retried (RestoreFailed).
   */
  public static ActivityOptions restore() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofHours(2))
        .setHeartbeatTimeout(WAIT_HEARTBEAT)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(2))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofMinutes(1))
                .setMaximumAttempts(6)
                .setDoNotRetry("RestoreFailed")
                .build())
        .build();
  }

  /** Deleting a run's snapshots and reading compliance: quick, retried. */
  public static ActivityOptions quick() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setHeartbeatTimeout(WAIT_HEARTBEAT)
        .setRetryOptions(retries(10, Duration.ofMinutes(1)))
        .build();
  }

  private static RetryOptions retries(int attempts, Duration maxInterval) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2)
        .setMaximumInterval(maxInterval)
        .setMaximumAttempts(attempts)
        .build();
  }
}
