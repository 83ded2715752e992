package io.ssmflow.workflows.deploy;

/**
 * An approval or rejection of a deployment's gate, kept in history.
 *
 * @param approver who decided (e.g. the OS user or an email)
 * @param reason why, free text (may be empty)
 */
public record Approval(String approver, String reason) {}
