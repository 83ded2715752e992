package io.ssmflow.workflows.fleetrun;

import java.util.List;

/**
 * One instance's place in a fleet run.
 *
 * @param instanceId the instance
 * @param state where it is
 * @param step the step it is in, ended at or failed at (null when never launched)
 * @param reason why it failed, was skipped or compensated (null otherwise)
 * @param failed a forward step failed (the instance counts as failed even when compensated)
 * @param snapshotIds the restore point's snapshots, root first (plans with a SNAPSHOT step)
 * @param runs the commands per step (plans that record runs), else empty
 */
public record InstanceResult(
    String instanceId,
    RunState state,
    String step,
    String reason,
    boolean failed,
    List<String> snapshotIds,
    List<StepRun> runs) {
  public InstanceResult {
    snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
    runs = runs == null ? List.of() : List.copyOf(runs);
  }

  /** A never-launched instance ending SKIPPED with {@code reason}. */
  public static InstanceResult skipped(String instanceId, String reason) {
    return new InstanceResult(
        instanceId, RunState.SKIPPED, null, reason, false, List.of(), List.of());
  }
}
