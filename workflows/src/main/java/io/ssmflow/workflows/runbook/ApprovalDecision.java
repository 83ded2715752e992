package io.ssmflow.workflows.runbook;

/**
 * One approver's decision on an aws:approve step (or a resume of aws:pause), kept in history.
 *
 * @param approver who decided
 * @param decision Approve, Reject or Resume
 * @param comment why (may be empty)
 * @param timeMillis when (workflow time)
 */
public record ApprovalDecision(String approver, String decision, String comment, long timeMillis) {}
