package io.ssmflow.workflows.deploy;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Timeouts and retries of the activities a deployment calls (DESIGN.md section 4.2-4.3). */
public final class DeploymentActivityOptions {
  /** How long one awaitInvocations call may wait before answering (possibly with nothing). */
  public static final Duration AWAIT_MAX_WAIT = Duration.ofSeconds(20);
  /** After the first invocation ends, how long the activity keeps collecting others. */
  public static final Duration AWAIT_LINGER = Duration.ofMillis(200);

  private DeploymentActivityOptions() {}

  /** resolveTargets: pages through EC2 and SSM; a few retries. */
  public static ActivityOptions fleet() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(retries(5))
        .build();
  }

  /** SendCommand: idempotent through its key, so retrying is safe; bounded so a slice moves on. */
  public static ActivityOptions send() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(60))
        .setRetryOptions(retries(6))
        .build();
  }

  /**
   * awaitInvocations: heartbeats every poll, so a lost worker is noticed within the heartbeat
   * timeout; waiting is idempotent, so it retries without limit (a slice cannot move on without
   * knowing how its commands ended).
   */
  public static ActivityOptions await() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(AWAIT_MAX_WAIT.plusSeconds(30))
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setMaximumInterval(Duration.ofSeconds(30))
            .build())
        .build();
  }

  /** Parameter Store reads and writes. */
  public static ActivityOptions parameters() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(retries(5))
        .build();
  }

  /** SNS and CloudWatch: a few tries, then the deployment logs and carries on. */
  public static ActivityOptions notifications() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(retries(3))
        .build();
  }

  private static RetryOptions retries(int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2)
        .setMaximumInterval(Duration.ofSeconds(20))
        .setMaximumAttempts(attempts)
        .build();
  }
}
