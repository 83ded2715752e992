package io.ssmflow.workflows.audit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Validation of an audit's checks (shared by the CLI and the workflow). */
public final class AuditChecks {
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  public static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");
  public static final int MAX_COMMAND_CHARS = 4_000;

  /**
   * The checks' commands travel in the plan of every slice of the audit (and of each of its
   * continued runs) and in every SendCommand; this bounds what they add to history.
   */
  public static final int MAX_TOTAL_COMMAND_CHARS = 8_000;

  public static final int MAX_CUSTOM_CHECKS = 20;
  public static final int DEFAULT_TIMEOUT_SECONDS = 120;

  private AuditChecks() {}

  /** Throws IllegalArgumentException with one line when the list is not a valid audit. */
  public static void validate(List<AuditCheck> checks) {
    Set<String> names = new HashSet<>();
    int custom = 0;
    int chars = 0;
    for (AuditCheck c : checks) {
      validate(c);
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("check '" + c.name() + "' is given twice");
      }
      custom += c.builtIn() ? 0 : 1;
      chars += String.join("\n", c.commands()).length();
    }
    if (chars > MAX_TOTAL_COMMAND_CHARS) {
      throw new IllegalArgumentException(
          "the custom checks' commands total "
              + chars
              + " characters, more than "
              + MAX_TOTAL_COMMAND_CHARS);
    }
    if (custom > MAX_CUSTOM_CHECKS) {
      throw new IllegalArgumentException(
          "at most " + MAX_CUSTOM_CHECKS + " custom checks, not " + custom);
    }
  }

  /** Throws IllegalArgumentException with one line when the check is not valid. */
  public static void validate(AuditCheck c) {
    if (c.name() == null || !NAME.matcher(c.name()).matches()) {
      throw new IllegalArgumentException(
          "check name '" + c.name() + "' must match " + NAME.pattern());
    }
    if (c.builtIn()) {
      if (!BuiltInChecks.NAMES.contains(c.name())) {
        throw new IllegalArgumentException(
            "unknown built-in check '"
                + c.name()
                + "' (known: "
                + String.join(", ", BuiltInChecks.NAMES)
                + ")");
      }
      return;
    }
    if (BuiltInChecks.NAMES.contains(c.name())) {
      throw new IllegalArgumentException("check name '" + c.name() + "' is a built-in check's");
    }
    if (c.commands().isEmpty() || c.commands().stream().allMatch(String::isBlank)) {
      throw new IllegalArgumentException("check '" + c.name() + "' has no command");
    }
    if (String.join("\n", c.commands()).length() > MAX_COMMAND_CHARS) {
      throw new IllegalArgumentException(
          "check '" + c.name() + "': command longer than " + MAX_COMMAND_CHARS + " characters");
    }
    if (c.timeoutSeconds() < 0 || c.timeoutSeconds() > 3_600) {
      throw new IllegalArgumentException("check '" + c.name() + "': timeout must be 1s to 1h");
    }
    if (c.rules().isEmpty()) {
      throw new IllegalArgumentException("check '" + c.name() + "' has no rules");
    }
    for (CheckRule r : c.rules()) {
      validate(c.name(), r);
    }
  }

  private static void validate(String check, CheckRule r) {
    if (r.kind() == null) {
      throw new IllegalArgumentException(
          "check '" + check + "': a rule needs match, absent or" + " exitCode");
    }
    if (r.severity() == null) {
      throw new IllegalArgumentException(
          "check '" + check + "': a rule needs a severity (HIGH," + " MEDIUM or LOW)");
    }
    if (r.type() != null && !TYPE.matcher(r.type()).matches()) {
      throw new IllegalArgumentException(
          "check '" + check + "': finding type '" + r.type() + "' must match " + TYPE.pattern());
    }
    if (r.message() == null || r.message().isBlank()) {
      throw new IllegalArgumentException("check '" + check + "': a rule needs a message");
    }
    if (r.kind() != RuleKind.EXIT_NONZERO) {
      if (r.pattern() == null || r.pattern().isEmpty()) {
        throw new IllegalArgumentException(
            "check '" + check + "': rule " + r.kind() + " needs a regex");
      }
      try {
        Pattern.compile(r.pattern());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "check '" + check + "': bad regex '" + r.pattern() + "': " + e.getDescription());
      }
    }
  }

  /** The finding type of a custom rule: its own, else the check name. */
  public static String typeOf(String check, CheckRule rule) {
    return rule.type() == null ? check : rule.type();
  }
}
