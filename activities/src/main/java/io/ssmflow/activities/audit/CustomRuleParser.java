package io.ssmflow.activities.audit;

import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.AuditChecks;
import io.ssmflow.workflows.audit.CheckRule;
import io.ssmflow.workflows.audit.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a custom check's rules: MATCH gives one finding per matching stdout line (at most {@link
 * #MAX_FINDINGS_PER_RULE}), ABSENT one finding when no line matches, EXIT_NONZERO one finding when
 * the command exits non-zero. Message placeholders: {@code {line}}, {@code {exitCode}}, {@code
 * {0}}..{@code {9}} and named groups.
 */
final class CustomRuleParser implements CheckParser {
  static final int MAX_FINDINGS_PER_RULE = 20;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*|\\d)\\}");

  private final AuditCheck check;

  CustomRuleParser(AuditCheck check) {
    this.check = check;
  }

  @Override
  public List<Finding> parse(CheckOutput output) {
    List<Finding> findings = new ArrayList<>();
    for (CheckRule rule : check.rules()) {
      String type = AuditChecks.typeOf(check.name(), rule);
      switch (rule.kind()) {
        case EXIT_NONZERO -> {
          if (output.exitCode() != 0) {
            findings.add(
                new Finding(
                    check.name(),
                    type,
                    rule.severity(),
                    render(rule.message(), null, "", output.exitCode())));
          }
        }
        case MATCH -> {
          Pattern p = Pattern.compile(rule.pattern());
          int n = 0;
          for (String line : output.lines()) {
            Matcher m = p.matcher(line);
            if (m.find() && n++ < MAX_FINDINGS_PER_RULE) {
              findings.add(
                  new Finding(
                      check.name(),
                      type,
                      rule.severity(),
                      render(rule.message(), m, line, output.exitCode())));
            }
          }
        }
        case ABSENT -> {
          Pattern p = Pattern.compile(rule.pattern());
          if (output.lines().stream().noneMatch(l -> p.matcher(l).find())) {
            findings.add(
                new Finding(
                    check.name(),
                    type,
                    rule.severity(),
                    render(rule.message(), null, "", output.exitCode())));
          }
        }
        default -> throw new IllegalStateException("rule kind " + rule.kind());
      }
    }
    return findings;
  }

  static String render(String template, Matcher m, String line, int exitCode) {
    Matcher p = PLACEHOLDER.matcher(template);
    StringBuilder b = new StringBuilder();
    while (p.find()) {
      String name = p.group(1);
      String value;
      if (name.equals("line")) {
        value = line.strip();
      } else if (name.equals("exitCode")) {
        value = Integer.toString(exitCode);
      } else if (m == null) {
        value = p.group();
      } else if (Character.isDigit(name.charAt(0))) {
        int g = name.charAt(0) - '0';
        value = g <= m.groupCount() && m.group(g) != null ? m.group(g) : "";
      } else {
        String v;
        try {
          v = m.group(name);
        } catch (IllegalArgumentException e) {
          v = p.group();
        }
        value = v == null ? "" : v;
      }
      p.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    p.appendTail(b);
    return b.toString();
  }
}
