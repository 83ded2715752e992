package io.ssmflow.workflows.alarm;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Timeouts and retries of {@link AlarmActivities} (docs/design.md §4.8). */
public final class AlarmActivityOptions {
  private AlarmActivityOptions() {}

  /** One read: a few retries, then the run is refused (alarms it cannot read gate nothing). */
  public static ActivityOptions read() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(retries())
        .build();
  }

  /**
   * A watch of at most {@code watchLength}: heartbeats every second while it waits, so a killed
   * worker costs seconds; cancelled when the phase it watches ends (without waiting for it).
   */
  public static ActivityOptions watch(Duration watchLength) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(watchLength.plusMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .setRetryOptions(retries())
        .build();
  }

  private static RetryOptions retries() {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2)
        .setMaximumInterval(Duration.ofSeconds(20))
        .setMaximumAttempts(5)
        .build();
  }
}
