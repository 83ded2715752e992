package io.ssmflow.workflows.patch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;

/**
 * Keeps a patch run's pre-patch snapshots for the retention, then deletes them. Started by the
 * patch run as an abandoned child (id {@link PatchIds#retentionWorkflowId}), so the run itself ends
 * when patching ends; while it waits it is one durable timer.
 */
@WorkflowInterface
public interface SnapshotRetentionWorkflow {
  /**
   * Sleeps for the retention, then deletes the run's snapshots except those of {@code
   * keepInstanceIds}; answers how many went.
   *
   * @param patchWorkflowId the patch run's workflow id
   * @param patchRunId the patch run's run id
   * @param retention how long to keep the snapshots
   * @param keepInstanceIds instances whose snapshots are never deleted (their rollback failed: the
   *     snapshot is their only restore point), may be empty
   */
  @WorkflowMethod
  int retain(
      String patchWorkflowId, String patchRunId, Duration retention, List<String> keepInstanceIds);

  /** When the snapshots are deleted (epoch millis), or 0 once they are. */
  @QueryMethod
  long deleteAtMillis();
}
