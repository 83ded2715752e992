package io.ssmflow.workflows.patch;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The EC2 and SSM work of a patch run besides Run Command: pre-patch EBS snapshots, restoring a
 * root volume from one, deleting a run's snapshots, and reading patch compliance. Every method
 * is safe to retry: snapshots are found again by their tags, a restore by its client token.
 */
@ActivityInterface
public interface PatchActivities {
  /** The tag that names the patch run's workflow id. */
  String WORKFLOW_ID_TAG = "ssmflow:workflow-id";
  /**
   * The tag that names the patch run's run id: one patch intent (workflow id) can run again, and
   * a run must neither reuse nor delete another run's snapshots.
   */
  String RUN_ID_TAG = "ssmflow:run-id";

  /**
   * Snapshots every EBS volume of each instance (root first), tagged Purpose=pre-patch-backup,
   * InstanceId, CreatedBy=ssmflow and {@link #WORKFLOW_ID_TAG}; a volume that already has a
   * and {@link #RUN_ID_TAG}; a volume that already has a snapshot of this run is not
   * snapshotted again. Does not wait for completion.
   *
   * @param workflowId the patch run's workflow id
   * @param runId the patch run's run id
   * @param instanceIds at most 50 instances
   */
  @ActivityMethod
  List<InstanceSnapshots> createSnapshots(String workflowId, String runId,
      List<String> instanceIds);

  /**
   * Waits (heartbeating) until every snapshot is {@code completed} or can never be.
   *
   * @param snapshotIds the snapshots
   */
  @ActivityMethod
  SnapshotWaitResult awaitSnapshots(List<String> snapshotIds);

  /**
   * Replaces the instance's root volume with one made from the snapshot
   * (CreateReplaceRootVolumeTask) and waits (heartbeating) until the task {@code succeeded};
   * fails non-retryably when it {@code failed}. Answers the task id.
   *
   * @param instanceId the instance
   * @param snapshotId its pre-patch root snapshot
   * @param clientToken idempotency token (the same on every retry)
   */
  @ActivityMethod
  String restoreRootVolume(String instanceId, String snapshotId, String clientToken);

  /**
   * Deletes every pre-patch snapshot tagged with the patch run's workflow id and run id; answers
   * how many went (0 on a retry after all went).
   *
   * @param workflowId the patch run's workflow id
   * @param runId the patch run's run id
   */
  @ActivityMethod
  int deleteSnapshots(String workflowId, String runId);

  /**
   * Patch compliance after a Scan (SSM DescribeInstancePatchStates and DescribeInstancePatches
   * with State Missing or Failed).
   *
   * @param instanceIds at most 50 instances
   */
  @ActivityMethod
  List<InstanceCompliance> compliance(List<String> instanceIds);
}
