package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.deploy.Approval;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A runbook run: an SSM Automation document or an orchestration, executed durably. Workflow id:
 * {@code runbook-NAME-HASH} (see {@link RunbookIds}); a nested runbook's is its parent's id and the
 * step.
 */
@WorkflowInterface
public interface RunbookWorkflow {
  /**
   * Runs the runbook to its end; answers the execution as SSM reports it.
   *
   * @param request the validated runbook and its parameters
   */
  @WorkflowMethod
  AutomationExecution run(RunbookRequest request);

  /** The execution now: status and every step so far. */
  @QueryMethod
  AutomationExecution execution();

  /** The request this run started with (a redrive starts again from it). */
  @QueryMethod
  RunbookRequest request();

  /**
   * What a redrive of this run starts from (the step that failed, timed out or was cancelled, the
   * steps so far, every output), or null while it runs or when it succeeded.
   */
  @QueryMethod
  Redrive redrive();

  /**
   * Approves the aws:approve steps waiting now (counted toward MinRequiredApprovals).
   *
   * @param approval who and why
   */
  @UpdateMethod
  String approve(Approval approval);

  /** Refuses an approve when no approval waits or the approver is not one of its Approvers. */
  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Approval approval);

  /**
   * Rejects the aws:approve steps waiting now: they fail.
   *
   * @param approval who and why
   */
  @UpdateMethod
  String reject(Approval approval);

  /** Refuses a reject when no approval waits or the approver is not one of its Approvers. */
  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(Approval approval);

  /**
   * Resumes the aws:pause steps waiting now (SSM's Resume signal).
   *
   * @param approval who and why
   */
  @UpdateMethod
  String resume(Approval approval);

  /** Refuses a resume when no step is paused. */
  @UpdateValidatorMethod(updateName = "resume")
  void validateResume(Approval approval);
}
