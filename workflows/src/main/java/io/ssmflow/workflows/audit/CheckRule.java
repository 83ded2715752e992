package io.ssmflow.workflows.audit;

/**
 * A custom check's rule.
 *
 * @param kind match, absent or exit-nonzero
 * @param pattern a Java regex searched in each stdout line (null for EXIT_NONZERO)
 * @param severity the finding's severity
 * @param type the finding type (for the summary and the recommendation); defaults to the check name
 * @param message the finding's message; {@code {line}}, {@code {exitCode}}, {@code {0}} .. {@code
 *     {9}} (regex groups) and {@code {name}} (named groups) are replaced
 */
public record CheckRule(
    RuleKind kind, String pattern, Severity severity, String type, String message) {}
