package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.fleet.SkippedInstance;
import java.util.List;

/**
 * The result of a patch run.
 *
 * @param outcome how it ended
 * @param message one human line
 * @param operation Scan or Install
 * @param baselineSnapshotId the GUID passed as AWS-RunPatchBaseline's SnapshotId (Install)
 * @param total eligible instances
 * @param scanned instances scanned (Scan)
 * @param patched instances patched and valid
 * @param rolledBack instances restored from their snapshot
 * @param rollbackFailed instances whose restore failed
 * @param failed instances whose scan failed (Scan)
 * @param skipped instances not changed, with reasons (ineligible, unhealthy, MaxErrors, cutoff)
 * @param instances per-instance results (all up to 1,000; beyond that failures only)
 * @param snapshotCleanupWorkflowId the workflow that deletes the pre-patch snapshots after the
 *     retention (null with keepSnapshots, for Scan, or when no snapshot was taken)
 * @param snapshotsDeleteAtMillis when that happens (epoch millis, 0 when never)
 * @param durationSeconds wall time of the run
 */
public record PatchResult(
    PatchOutcome outcome,
    String message,
    PatchOperation operation,
    String baselineSnapshotId,
    int total,
    int scanned,
    int patched,
    int rolledBack,
    int rollbackFailed,
    int failed,
    List<SkippedInstance> skipped,
    List<InstancePatchResult> instances,
    String snapshotCleanupWorkflowId,
    long snapshotsDeleteAtMillis,
    long durationSeconds) {
  public PatchResult {
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
    instances = instances == null ? List.of() : List.copyOf(instances);
  }
}
