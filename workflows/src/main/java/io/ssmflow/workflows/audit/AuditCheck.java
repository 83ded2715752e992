package io.ssmflow.workflows.audit;

import java.util.List;

/**
 * One check of an audit. A built-in check carries only its name (the activity owns its command and
 * parser); a custom check (from {@code --checks FILE.yaml}) carries its command and rules.
 *
 * @param name unique in the audit, {@code [a-z0-9][a-z0-9-]{0,39}}
 * @param builtIn whether the activity supplies command and parser
 * @param commands the shell lines of a custom check (empty for built-in checks)
 * @param timeoutSeconds the execution timeout of a custom check (0: default)
 * @param rules the rules of a custom check (empty for built-in checks)
 * @param recommendation what to do about a custom check's findings (may be null)
 */
public record AuditCheck(
    String name,
    boolean builtIn,
    List<String> commands,
    int timeoutSeconds,
    List<CheckRule> rules,
    String recommendation) {

  public AuditCheck {
    commands = commands == null ? List.of() : List.copyOf(commands);
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  public static AuditCheck builtIn(String name) {
    return new AuditCheck(name, true, List.of(), 0, List.of(), null);
  }
}
