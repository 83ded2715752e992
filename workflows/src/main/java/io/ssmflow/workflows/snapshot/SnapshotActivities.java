package io.ssmflow.workflows.snapshot;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * EBS restore points around a change: snapshots of every volume of an instance before the change,
 * and a root-volume restore from one when the change goes wrong. Every method is safe to retry:
 * snapshots are found again by their tags, a restore by its client token.
 */
@ActivityInterface
public interface SnapshotActivities {
  /** The tag that names the run's workflow id. */
  String WORKFLOW_ID_TAG = "ssmflow:workflow-id";

  /**
   * The tag that names the run's run id: one intent (workflow id) can run again, and a run must
   * neither reuse nor delete another run's snapshots.
   */
  String RUN_ID_TAG = "ssmflow:run-id";

  /**
   * Snapshots every EBS volume of each instance (root first), tagged Purpose=pre-patch-backup,
   * InstanceId, CreatedBy=ssmflow, {@link #WORKFLOW_ID_TAG} and {@link #RUN_ID_TAG}; a volume that
   * already has a snapshot of this run is not snapshotted again. Does not wait for completion.
   *
   * @param workflowId the run's workflow id (the tag)
   * @param runId the run's run id (the tag)
   * @param instanceIds at most 50 instances
   */
  @ActivityMethod
  List<InstanceSnapshots> createSnapshots(
      String workflowId, String runId, List<String> instanceIds);

  /**
   * Waits (heartbeating) until every snapshot is {@code completed} or can never be.
   *
   * @param snapshotIds the snapshots
   */
  @ActivityMethod
  SnapshotWaitResult awaitSnapshots(List<String> snapshotIds);

  /**
   * Replaces the instance's root volume with one made from the snapshot
   * (CreateReplaceRootVolumeTask) and waits (heartbeating) until the task {@code succeeded}; fails
   * non-retryably when it {@code failed}. Answers the task id.
   *
   * @param instanceId the instance
   * @param snapshotId its pre-patch root snapshot
   * @param clientToken idempotency token (the same on every retry)
   */
  @ActivityMethod
  String restoreRootVolume(String instanceId, String snapshotId, String clientToken);
}
