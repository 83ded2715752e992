package io.ssmflow.workflows.audit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Running audit checks with SSM Run Command. Output is fetched (GetCommandInvocation) and parsed
 * inside the activity, so only typed findings enter workflow history.
 */
@ActivityInterface
public interface AuditActivities {
  /**
   * Starts the checks on a new batch (idempotent through the batch key: a retry finds the
   * commands already sent) and waits, heartbeating, until some instances have finished every
   * check, or until maxWait.
   *
   * @param request the new batch, the checks and the batches in flight
   */
  @ActivityMethod
  AuditStepResult runChecks(AuditStepRequest request);
}
