package io.ssmflow.workflows.audit;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Timeouts and retries of the activities an audit calls. */
public final class AuditActivityOptions {
  /** How long one runChecks call may wait before answering (possibly with nothing). */
  public static final Duration STEP_MAX_WAIT = Duration.ofSeconds(20);
  /** After the first instance finishes, how long runChecks keeps collecting others. */
  public static final Duration STEP_LINGER = Duration.ofMillis(300);

  private AuditActivityOptions() {}

  /**
   * runChecks: sends (idempotent through the batch key) then waits with a heartbeat per poll;
   * waiting is idempotent, so it retries without limit (the audit cannot end without knowing how
   * its commands ended). Room above maxWait for the sends (one per check) and the output fetches.
   */
  public static ActivityOptions step() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(STEP_MAX_WAIT.plusMinutes(3))
        .setHeartbeatTimeout(Duration.ofSeconds(20))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setMaximumInterval(Duration.ofSeconds(30))
            .build())
        .build();
  }

  /** resolveTargets, CancelCommand, SessionManager calls: a few retries. */
  public static ActivityOptions shortCall() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofSeconds(20))
            .setMaximumAttempts(5)
            .build())
        .build();
  }

  /** SNS and CloudWatch: a few tries, then the audit logs and carries on. */
  public static ActivityOptions notifications() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setMaximumAttempts(3)
            .build())
        .build();
  }
}
