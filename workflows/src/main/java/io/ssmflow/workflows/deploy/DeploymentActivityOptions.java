package io.ssmflow.workflows.deploy;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of the activities a deployment calls besides the engine's (those are in
 * {@link io.ssmflow.workflows.fleetrun.FleetRunOptions}).
 */
public final class DeploymentActivityOptions {
  private DeploymentActivityOptions() {}

  /** resolveTargets: pages through EC2 and SSM; a few retries. */
  public static ActivityOptions fleet() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(retries(5))
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
