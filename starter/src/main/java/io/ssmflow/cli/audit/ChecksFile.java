package io.ssmflow.cli.audit;

import io.ssmflow.cli.Durations;
import io.ssmflow.cli.InputFiles;
import io.ssmflow.cli.audit.YamlTree.Node;
import io.ssmflow.cli.audit.YamlTree.YamlError;
import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.AuditChecks;
import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.CheckRule;
import io.ssmflow.workflows.audit.RuleKind;
import io.ssmflow.workflows.audit.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a custom checks file ({@code --checks FILE.yaml}):
 *
 * <pre>
 * builtins: [ssh, disk]        # optional: the built-in checks to run too (default: all; none)
 * checks:
 *   - name: tmp-sticky
 *     command: stat -c '%a' /tmp          # a string (one line per line) or a list
 *     timeout: 30s                        # optional (default 120s)
 *     recommendation: chmod 1777 /tmp     # optional
 *     rules:                              # at least one; each has one of match/absent/exitCode
 *       - match: '^777$'                  # regex on each stdout line: one finding per line
 *         severity: MEDIUM                # HIGH, MEDIUM or LOW
 *         type: tmp-no-sticky             # optional (default: the check name)
 *         message: /tmp is {line} without the sticky bit
 *       - absent: '^ok$'                  # a finding when no line matches
 *         severity: LOW
 *         message: no ok line
 *       - exitCode: nonzero               # a finding when the command exits non-zero
 *         severity: HIGH
 *         message: probe failed with {exitCode}
 * </pre>
 *
 * Every problem is one line {@code FILE:LINE: what is wrong}.
 */
public final class ChecksFile {
  private static final Set<String> TOP = Set.of("builtins", "checks");
  private static final Set<String> CHECK =
      Set.of("name", "command", "timeout", "recommendation", "rules");
  private static final Set<String> RULE =
      Set.of("match", "absent", "exitCode", "severity", "type", "message");

  private ChecksFile() {}

  /** The checks of the file (built-ins first); throws IllegalArgumentException with one line. */
  public static List<AuditCheck> read(Path file) {
    String text;
    try {
      text = InputFiles.readYaml(file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checks file " + e.getMessage());
    }
    try {
      return parse(text);
    } catch (YamlError e) {
      throw new IllegalArgumentException(file + ":" + e.line + ": " + e.getMessage());
    }
  }

  static List<AuditCheck> parse(String text) {
    Node root = YamlTree.parse(text);
    if (!root.isMap()) {
      throw new YamlError(root.line(), "must be a mapping with checks (and builtins)");
    }
    keys(root, TOP, "the top level");
    List<AuditCheck> all = new ArrayList<>(builtIns(root.map().get("builtins")));
    Node checks = root.map().get("checks");
    if (checks == null || !checks.isList() || checks.list().isEmpty()) {
      throw new YamlError(
          checks == null ? root.line() : checks.line(), "checks must be a non-empty list");
    }
    Set<String> names = new HashSet<>(all.stream().map(AuditCheck::name).toList());
    for (Node c : checks.list()) {
      AuditCheck check = check(c);
      if (!names.add(check.name())) {
        throw new YamlError(c.line(), "check '" + check.name() + "' is given twice");
      }
      all.add(check);
    }
    if (all.stream().filter(c -> !c.builtIn()).count() > AuditChecks.MAX_CUSTOM_CHECKS) {
      throw new YamlError(
          checks.line(), "at most " + AuditChecks.MAX_CUSTOM_CHECKS + " custom checks");
    }
    return all;
  }

  private static List<AuditCheck> builtIns(Node node) {
    if (node == null) {
      return BuiltInChecks.all();
    }
    if (node.isScalar() && "none".equals(node.scalar())) {
      return List.of();
    }
    if (node.isScalar() && "all".equals(node.scalar())) {
      return BuiltInChecks.all();
    }
    if (!node.isList()) {
      throw new YamlError(
          node.line(),
          "builtins must be a list of "
              + String.join(", ", BuiltInChecks.NAMES)
              + ", or all, or none");
    }
    List<AuditCheck> list = new ArrayList<>();
    for (Node n : node.list()) {
      if (!n.isScalar() || !BuiltInChecks.NAMES.contains(n.scalar())) {
        throw new YamlError(
            n.line(),
            "unknown built-in check '"
                + n.scalar()
                + "' (known: "
                + String.join(", ", BuiltInChecks.NAMES)
                + ")");
      }
      if (list.stream().noneMatch(c -> c.name().equals(n.scalar()))) {
        list.add(AuditCheck.builtIn(n.scalar()));
      }
    }
    return list;
  }

  private static AuditCheck check(Node c) {
    if (!c.isMap()) {
      throw new YamlError(c.line(), "a check must be a mapping with name, command and rules");
    }
    keys(c, CHECK, "a check");
    String name = text(c, "name", true);
    if (!AuditChecks.NAME.matcher(name).matches()) {
      throw new YamlError(
          c.map().get("name").line(),
          "check name '" + name + "' must be lower-case letters, digits and dashes (at most 40)");
    }
    if (BuiltInChecks.NAMES.contains(name)) {
      throw new YamlError(
          c.map().get("name").line(), "check name '" + name + "' is a built-in check's");
    }
    Node command = c.map().get("command");
    List<String> lines = new ArrayList<>();
    if (command != null && command.isScalar() && command.scalar() != null) {
      command.scalar().lines().filter(l -> !l.isBlank()).forEach(lines::add);
    } else if (command != null && command.isList()) {
      for (Node l : command.list()) {
        if (!l.isScalar() || l.scalar() == null) {
          throw new YamlError(l.line(), "check '" + name + "': command lines must be strings");
        }
        lines.add(l.scalar());
      }
    }
    if (lines.isEmpty()) {
      throw new YamlError(
          command == null ? c.line() : command.line(), "check '" + name + "' has no command");
    }
    int timeout = 0;
    Node t = c.map().get("timeout");
    if (t != null) {
      try {
        Duration d = Durations.parse("timeout", t.scalar());
        if (d.getSeconds() < 1 || d.getSeconds() > 3_600) {
          throw new IllegalArgumentException("timeout must be between 1s and 1h");
        }
        timeout = (int) d.getSeconds();
      } catch (IllegalArgumentException e) {
        throw new YamlError(t.line(), "check '" + name + "': " + e.getMessage());
      }
    }
    Node rules = c.map().get("rules");
    if (rules == null || !rules.isList() || rules.list().isEmpty()) {
      throw new YamlError(
          rules == null ? c.line() : rules.line(),
          "check '" + name + "' needs a non-empty list of rules");
    }
    List<CheckRule> list = new ArrayList<>();
    for (Node r : rules.list()) {
      list.add(rule(name, r));
    }
    Node rec = c.map().get("recommendation");
    AuditCheck check =
        new AuditCheck(name, false, lines, timeout, list, rec == null ? null : rec.scalar());
    try {
      AuditChecks.validate(check);
    } catch (IllegalArgumentException e) {
      throw new YamlError(c.line(), e.getMessage());
    }
    return check;
  }

  private static CheckRule rule(String check, Node r) {
    if (!r.isMap()) {
      throw new YamlError(r.line(), "check '" + check + "': a rule must be a mapping");
    }
    keys(r, RULE, "a rule of check '" + check + "'");
    List<String> kinds =
        r.map().keySet().stream()
            .filter(k -> k.equals("match") || k.equals("absent") || k.equals("exitCode"))
            .toList();
    if (kinds.size() != 1) {
      throw new YamlError(
          r.line(),
          "check '" + check + "': a rule needs exactly one of match," + " absent or exitCode");
    }
    String kindKey = kinds.get(0);
    Node kindNode = r.map().get(kindKey);
    RuleKind kind;
    String pattern = null;
    if (kindKey.equals("exitCode")) {
      if (!"nonzero".equals(kindNode.scalar())) {
        throw new YamlError(
            kindNode.line(), "check '" + check + "': exitCode supports only" + " 'nonzero'");
      }
      kind = RuleKind.EXIT_NONZERO;
    } else {
      kind = kindKey.equals("match") ? RuleKind.MATCH : RuleKind.ABSENT;
      pattern = kindNode.scalar();
      if (pattern == null || pattern.isEmpty()) {
        throw new YamlError(
            kindNode.line(), "check '" + check + "': " + kindKey + " needs a regex");
      }
      try {
        java.util.regex.Pattern.compile(pattern);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new YamlError(
            kindNode.line(),
            "check '" + check + "': bad regex '" + pattern + "': " + e.getDescription());
      }
    }
    String severityText = text(r, "severity", true);
    Severity severity;
    try {
      severity = Severity.valueOf(severityText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new YamlError(
          r.map().get("severity").line(),
          "check '"
              + check
              + "': severity"
              + " must be HIGH, MEDIUM or LOW, not '"
              + severityText
              + "'");
    }
    String type = text(r, "type", false);
    if (type != null && !AuditChecks.TYPE.matcher(type).matches()) {
      throw new YamlError(
          r.map().get("type").line(),
          "check '"
              + check
              + "': type '"
              + type
              + "' must be lower-case letters, digits and dashes");
    }
    String message = text(r, "message", true);
    return new CheckRule(kind, pattern, severity, type, message);
  }

  private static String text(Node map, String key, boolean required) {
    Node n = map.map().get(key);
    if (n != null && !n.isScalar()) {
      throw new YamlError(n.line(), key + " must be a single value");
    }
    if (n == null || n.scalar() == null || n.scalar().isBlank()) {
      if (!required) {
        return null;
      }
      throw new YamlError(n == null ? map.line() : n.line(), "missing " + key);
    }
    return n.scalar();
  }

  private static void keys(Node map, Set<String> known, String where) {
    for (var e : map.map().entrySet()) {
      if (!known.contains(e.getKey())) {
        throw new YamlError(
            e.getValue().line(),
            "unknown key '"
                + e.getKey()
                + "' in "
                + where
                + " (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }
}
