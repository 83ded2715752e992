package io.ssmflow.workflows.fleetrun;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of the engine's activities, sized for recovery (docs/design.md, durable code
 * rule 8): a send is idempotent through its key, so a short start-to-close makes a killed worker
 * cost seconds; a wait heartbeats every poll with a short heartbeat timeout.
 */
public final class FleetRunOptions {
  /** How long one awaitInvocations call may wait before answering (possibly with nothing). */
  public static final Duration AWAIT_MAX_WAIT = Duration.ofSeconds(20);

  /** After the first invocation ends, how long the activity keeps collecting others. */
  public static final Duration AWAIT_LINGER = Duration.ofMillis(350);

  /** Past its execution and delivery timeouts, an invocation gets this long before it is cut. */
  public static final Duration INVOCATION_GRACE = Duration.ofSeconds(60);

  private FleetRunOptions() {}

  /** SendCommand: a retry looks the command up first, so retrying a lost send is safe. */
  public static ActivityOptions send() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(15))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(500))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(10))
                .setMaximumAttempts(8)
                .build())
        .build();
  }

  /** awaitInvocations: idempotent, retried without limit, cancelled when the slice has news. */
  public static ActivityOptions await() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(AWAIT_MAX_WAIT.plusSeconds(30))
        .setHeartbeatTimeout(Duration.ofSeconds(5))
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(10))
                .build())
        .build();
  }

  /** CancelCommand: quick, a few retries. */
  public static ActivityOptions quick() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumAttempts(5)
                .build())
        .build();
  }
}
