package io.ssmflow.workflows.patch;

import java.util.List;

/**
 * One instance's place in (or result of) a patch run.
 *
 * @param instanceId the instance
 * @param state where it is
 * @param reason why it was skipped, failed or rolled back (null otherwise)
 * @param snapshotIds its pre-patch EBS snapshots, root volume first (Install only)
 * @param compliance the compliance report (Scan only, else null)
 */
public record InstancePatchResult(
    String instanceId,
    PatchInstanceState state,
    String reason,
    List<String> snapshotIds,
    ComplianceReport compliance) {
  public InstancePatchResult {
    snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
  }
}
