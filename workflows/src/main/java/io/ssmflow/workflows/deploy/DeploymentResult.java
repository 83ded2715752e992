package io.ssmflow.workflows.deploy;

import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.fleet.SkippedInstance;
import java.util.List;

/**
 * The result of a deployment.
 *
 * @param outcome how it ended
 * @param message one human line
 * @param previousVersion the version before (null when none was recorded)
 * @param currentVersion the version recorded in Parameter Store after the run
 * @param total eligible instances
 * @param succeeded instances left on the new version
 * @param failed instances that failed
 * @param rolledBack instances restored
 * @param rollbackFailed instances whose rollback failed
 * @param skipped instances not changed, with reasons
 * @param instances per-instance results (all for small fleets; failures only beyond 1,000)
 * @param approval who approved or rejected, if the gate was used
 * @param durationSeconds wall time of the run
 * @param alarm the CloudWatch alarm that stopped the run (name, state reason, time), or null
 */
public record DeploymentResult(
    DeploymentOutcome outcome,
    String message,
    String previousVersion,
    String currentVersion,
    int total,
    int succeeded,
    int failed,
    int rolledBack,
    int rollbackFailed,
    List<SkippedInstance> skipped,
    List<InstanceProgress> instances,
    Approval approval,
    long durationSeconds,
    AlarmState alarm) {
  /** A result no alarm stopped. */
  public DeploymentResult(
      DeploymentOutcome outcome,
      String message,
      String previousVersion,
      String currentVersion,
      int total,
      int succeeded,
      int failed,
      int rolledBack,
      int rollbackFailed,
      List<SkippedInstance> skipped,
      List<InstanceProgress> instances,
      Approval approval,
      long durationSeconds) {
    this(
        outcome,
        message,
        previousVersion,
        currentVersion,
        total,
        succeeded,
        failed,
        rolledBack,
        rollbackFailed,
        skipped,
        instances,
        approval,
        durationSeconds,
        null);
  }
}
