package io.ssmflow.workflows.params;

/**
 * One finding about one parameter (no value).
 *
 * @param name the parameter
 * @param kind what is wrong
 * @param severity the kind's severity
 * @param type the parameter's type
 * @param detail one human line
 */
public record ParameterAuditFinding(
    String name,
    FindingKind kind,
    FindingKind.Severity severity,
    ParameterKind type,
    String detail) {}
