package io.ssmflow.workflows.params;

import io.ssmflow.workflows.deploy.Approval;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A Parameter Store security audit under a path, with optional remediation behind the same
 * approve/reject gate as deployments. Workflow id: {@link ParamsIds#auditId}.
 */
@WorkflowInterface
public interface ParameterAuditWorkflow {
  /**
   * Scans, then (with remediate) waits for a decision and converts.
   *
   * @param request what to audit
   */
  @WorkflowMethod
  ParameterAuditResult audit(ParameterAuditRequest request);

  /** Phase and counts. */
  @QueryMethod
  ParameterAuditProgress progress();

  /**
   * Approves the remediation.
   *
   * @param approval who and why
   */
  @UpdateMethod
  String approve(Approval approval);

  /** Rejects an approve when no approval is awaited. */
  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Approval approval);

  /**
   * Rejects the remediation: nothing is converted.
   *
   * @param approval who and why
   */
  @UpdateMethod
  String reject(Approval approval);

  /** Rejects a reject when no approval is awaited. */
  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(Approval approval);
}
