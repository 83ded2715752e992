package io.ssmflow.workflows.audit;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Session hygiene as a durable, visible workflow: stale Session Manager sessions listed and, when
 * asked, terminated with who and when recorded. Workflow id: {@code audit-sessions}.
 */
@WorkflowInterface
public interface SessionAuditWorkflow {
  /**
   * Lists (and optionally terminates) stale sessions.
   *
   * @param request the limit, the operator and whether to terminate
   */
  @WorkflowMethod
  SessionAuditResult audit(SessionAuditRequest request);
}
