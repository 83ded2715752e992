package io.ssmflow.workflows.params;

import io.ssmflow.workflows.deploy.Approval;
import java.util.List;

/**
 * The audit's report and what remediation did.
 *
 * @param report the scan
 * @param remediation what happened to --remediate
 * @param converted parameters converted to SecureString
 * @param decision who approved or rejected (null when no gate)
 */
public record ParameterAuditResult(
    ParameterAuditReport report,
    RemediationStatus remediation,
    List<String> converted,
    Approval decision) {}
