package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.snapshot.SnapshotActivities;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The EC2 and SSM work of a patch run besides Run Command and the restore points ({@link
 * SnapshotActivities}): deleting a run's snapshots and reading patch compliance. Every method is
 * safe to retry: snapshots are found again by their tags, a restore by its client token.
 */
@ActivityInterface
public interface PatchActivities {
  /** The tag that names the patch run's workflow id. */
  String WORKFLOW_ID_TAG = SnapshotActivities.WORKFLOW_ID_TAG;

  /** The tag that names the patch run's run id. */
  String RUN_ID_TAG = SnapshotActivities.RUN_ID_TAG;

  /**
   * Deletes every pre-patch snapshot tagged with the patch run's workflow id and run id, except
   * those of {@code keepInstanceIds} (tag InstanceId); answers how many went (0 on a retry after
   * all went).
   *
   * @param workflowId the patch run's workflow id
   * @param runId the patch run's run id
   * @param keepInstanceIds instances whose snapshots stay (their rollback failed)
   */
  @ActivityMethod
  int deleteSnapshots(String workflowId, String runId, List<String> keepInstanceIds);

  /**
   * Patch compliance after a Scan (SSM DescribeInstancePatchStates and DescribeInstancePatches with
   * State Missing or Failed).
   *
   * @param instanceIds at most 50 instances
   */
  @ActivityMethod
  List<InstanceCompliance> compliance(List<String> instanceIds);
}
