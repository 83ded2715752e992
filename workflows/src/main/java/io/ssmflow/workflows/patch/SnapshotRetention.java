package io.ssmflow.workflows.patch;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * Starts the retention of a patch run's pre-patch snapshots: an abandoned {@link
 * SnapshotRetentionWorkflow} child that deletes them after the retention, except those of instances
 * whose restore failed. Workflow code, called by the run as it finishes.
 */
final class SnapshotRetention {
  private static final Logger log = Workflow.getLogger(SnapshotRetention.class);

  /** The retention workflow started, and when it deletes (epoch millis, workflow time). */
  record Started(String workflowId, long deleteAtMillis) {}

  private SnapshotRetention() {}

  /**
   * Starts the retention of this run's snapshots, keeping those of {@code keep}; answers null (and
   * logs what to delete by hand) when it could not start.
   */
  static Started start(Duration retention, List<String> keep) {
    String parentId = Workflow.getInfo().getWorkflowId();
    String runId = Workflow.getInfo().getRunId();
    String id = PatchIds.retentionWorkflowId(parentId);
    if (!start(id, parentId, runId, retention, keep)) {
      // The same patch intent ran before and its retention still waits: this run's own.
      String own = id + "-" + runId.substring(0, Math.min(8, runId.length()));
      if (!start(own, parentId, runId, retention, keep)) {
        log.error(
            "snapshot retention could not start; delete the snapshots tagged {}={} by hand",
            PatchActivities.RUN_ID_TAG,
            runId);
        return null;
      }
      id = own;
    }
    return new Started(id, Workflow.currentTimeMillis() + retention.toMillis());
  }

  private static boolean start(
      String id, String parentId, String runId, Duration retention, List<String> keep) {
    SearchAttributes attributes = Workflow.getTypedSearchAttributes();
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .setStaticSummary(
                "delete the pre-patch snapshots of " + parentId + " after " + retention);
    if (attributes.size() > 0) {
      options.setTypedSearchAttributes(attributes);
    }
    SnapshotRetentionWorkflow child =
        Workflow.newChildWorkflowStub(SnapshotRetentionWorkflow.class, options.build());
    Async.function(child::retain, parentId, runId, retention, keep);
    try {
      // Started (not finished) before this run returns: an abandoned child must exist.
      Workflow.getWorkflowExecution(child).get();
      return true;
    } catch (TemporalFailure e) {
      log.warn("retention workflow {} not started: {}", id, e.getMessage());
      return false;
    }
  }
}
