package io.ssmflow.workflows.snapshot;

import java.util.List;

/**
 * The pre-patch EBS snapshots of one instance.
 *
 * @param instanceId the instance
 * @param rootSnapshotId the snapshot of its root volume (null when it has no EBS root volume)
 * @param snapshotIds every volume's snapshot, root first
 */
public record InstanceSnapshots(
    String instanceId, String rootSnapshotId, List<String> snapshotIds) {
  public InstanceSnapshots {
    snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
  }
}
