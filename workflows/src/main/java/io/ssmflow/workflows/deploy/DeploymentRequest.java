package io.ssmflow.workflows.deploy;

import io.ssmflow.workflows.fleet.TargetSpec;
import java.time.Duration;

/**
 * Everything a deployment needs, validated by the CLI before the workflow starts.
 *
 * @param app application name ([A-Za-z0-9._-], validated)
 * @param version version to deploy (validated)
 * @param environment environment name (validated)
 * @param targets which instances
 * @param maxConcurrency SSM-style MaxConcurrency (e.g. 10 or 25%)
 * @param maxErrors SSM-style MaxErrors (e.g. 0 or 10%)
 * @param canaryCount instances deployed first, alone (0: no canary)
 * @param approvalRequired wait for approve/reject after the canary (or before the rollout when
 *     there is no canary)
 * @param approvalTimeout how long to wait for a decision; no decision rejects
 * @param failurePolicy what to do on failure or cancel
 * @param spec the steps to run
 * @param snsTopicArn where to publish the summary (null: none)
 * @param metricsNamespace CloudWatch namespace (null: no metrics)
 * @param launchCutoffMillis epoch millis after which no instance starts (a maintenance window's
 *     cutoff; instances not started end SKIPPED with reason {@value #CUTOFF}); 0 = none
 */
public record DeploymentRequest(
    String app,
    String version,
    String environment,
    TargetSpec targets,
    String maxConcurrency,
    String maxErrors,
    int canaryCount,
    boolean approvalRequired,
    Duration approvalTimeout,
    FailurePolicy failurePolicy,
    DeploymentSpec spec,
    String snsTopicArn,
    String metricsNamespace,
    long launchCutoffMillis) {
  /** The reason of instances not started because the launch cutoff passed. */
  public static final String CUTOFF = "cutoff";

  /** This request with a launch cutoff (epoch millis, 0 = none). */
  public DeploymentRequest withLaunchCutoff(long cutoffMillis) {
    return new DeploymentRequest(app, version, environment, targets, maxConcurrency, maxErrors,
        canaryCount, approvalRequired, approvalTimeout, failurePolicy, spec, snsTopicArn,
        metricsNamespace, cutoffMillis);
  }
}
