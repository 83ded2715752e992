package io.ssmflow.workflows.params;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Restores parameters: a version put back as a new version (a SecureString stays secure), or a
 * parameter a push created deleted. Workflow id: {@link ParamsIds#rollbackId} or {@link
 * ParamsIds#rollbackOfPushId}.
 */
@WorkflowInterface
public interface ConfigRollbackWorkflow {
  /**
   * Runs every action in order; each is idempotent, so a retried run does not add versions.
   *
   * @param request what to restore
   */
  @WorkflowMethod
  RollbackResult rollback(RollbackRequest request);
}
