package io.ssmflow.workflows.audit;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Timeouts and retries of the activities an audit calls. */
public final class AuditActivityOptions {
  private AuditActivityOptions() {}

  /**
   * readFindings: GetCommandInvocation for every check of up to 50 instances, a heartbeat per
   * instance. Reading is idempotent, so it retries; past the attempts the workflow lists the
   * batch's instances as not checked rather than wait forever for outputs it cannot read.
   */
  public static ActivityOptions findings() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(10)
                .build())
        .build();
  }

  /** checkCommands: no I/O, answers at once; a short timeout so a lost worker costs seconds. */
  public static ActivityOptions commands() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumAttempts(5)
                .build())
        .build();
  }

  /** resolveTargets, CancelCommand, SessionManager calls: a few retries. */
  public static ActivityOptions shortCall() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(
            RetryOptions.newBuilder()
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
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumAttempts(3)
                .build())
        .build();
  }
}
