package io.ssmflow.workflows.patch;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/** One timer, then one idempotent delete: a handful of history events however long it waits. */
public class SnapshotRetentionWorkflowImpl implements SnapshotRetentionWorkflow {
  private static final Logger log = Workflow.getLogger(SnapshotRetentionWorkflowImpl.class);

  private final PatchActivities patch =
      Workflow.newActivityStub(PatchActivities.class, PatchActivityOptions.quick());
  private long deleteAt;

  @Override
  public int retain(
      String patchWorkflowId, String patchRunId, Duration retention, List<String> keepInstanceIds) {
    Duration wait = retention == null || retention.isNegative() ? Duration.ZERO : retention;
    deleteAt = Workflow.currentTimeMillis() + wait.toMillis();
    Workflow.setCurrentDetails(
        "deleting the pre-patch snapshots of " + patchWorkflowId + " after " + wait);
    if (!wait.isZero()) {
      Workflow.sleep(wait);
    }
    int deleted =
        patch.deleteSnapshots(
            patchWorkflowId, patchRunId, keepInstanceIds == null ? List.of() : keepInstanceIds);
    deleteAt = 0;
    log.info(
        "{} run {}: {} pre-patch snapshots deleted after {}",
        patchWorkflowId,
        patchRunId,
        deleted,
        wait);
    Workflow.setCurrentDetails(deleted + " pre-patch snapshots deleted");
    return deleted;
  }

  @Override
  public long deleteAtMillis() {
    return deleteAt;
  }
}
