package io.ssmflow.workflows.audit;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A fleet audit: security, health and compliance checks run as commands on the targets under
 * MaxConcurrency, parsed into typed findings. Workflow id: {@code audit-TARGET[-ENV]}.
 */
@WorkflowInterface
public interface InfrastructureAuditWorkflow {
  /**
   * Runs the audit to its end; findings are the result, not a failure.
   *
   * @param request the validated request
   */
  @WorkflowMethod
  AuditResult audit(AuditRequest request);

  /** Counters of the running audit. */
  @QueryMethod
  AuditProgress progress();
}
