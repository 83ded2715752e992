package io.ssmflow.workflows.params;

/**
 * A running audit's state.
 *
 * @param phase scanning, awaiting-approval, remediating, done
 * @param findings findings so far
 * @param remediable parameters remediation would convert
 * @param awaitingApproval true while approve/reject is awaited
 */
public record ParameterAuditProgress(
    String phase, int findings, int remediable, boolean awaitingApproval) {}
