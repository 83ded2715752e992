package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleet.SkippedInstance;

/** The SNS subject and message of an audit (bounded, whatever the fleet size). */
public final class AuditSummaries {
  static final int MAX_SUBJECT = 100;
  static final int MAX_LISTED = 10;

  private AuditSummaries() {}

  public static String subject(AuditResult r) {
    String s =
        "ssmflow audit "
            + (r.environment() == null ? r.targets() : r.environment())
            + ": "
            + r.count(Severity.HIGH)
            + " high, "
            + r.count(Severity.MEDIUM)
            + " medium, "
            + r.count(Severity.LOW)
            + " low"
            + (r.cancelled() ? " (cancelled)" : "");
    return s.length() <= MAX_SUBJECT ? s : s.substring(0, MAX_SUBJECT);
  }

  public static String message(String workflowId, AuditResult r) {
    StringBuilder b = new StringBuilder();
    b.append("Audit ")
        .append(workflowId)
        .append(" of ")
        .append(r.targets())
        .append(r.cancelled() ? " (cancelled)" : "")
        .append('\n');
    b.append("Instances checked: ")
        .append(r.checkedCount())
        .append(", not checked: ")
        .append(r.notChecked().size())
        .append('\n');
    b.append("Findings: ")
        .append(r.count(Severity.HIGH))
        .append(" HIGH, ")
        .append(r.count(Severity.MEDIUM))
        .append(" MEDIUM, ")
        .append(r.count(Severity.LOW))
        .append(" LOW\n");
    if (!r.recommendations().isEmpty()) {
      b.append("\nRecommendations:\n");
      r.recommendations().stream()
          .limit(MAX_LISTED)
          .forEach(
              x ->
                  b.append("- [")
                      .append(x.severity())
                      .append("] ")
                      .append(x.type())
                      .append(" (")
                      .append(x.instances())
                      .append(" instances): ")
                      .append(x.text())
                      .append('\n'));
    }
    if (!r.notChecked().isEmpty()) {
      b.append("\nNot checked:\n");
      for (SkippedInstance s : r.notChecked().stream().limit(MAX_LISTED).toList()) {
        b.append("- ").append(s.instanceId()).append(": ").append(s.reason()).append('\n');
      }
      if (r.notChecked().size() > MAX_LISTED) {
        b.append("- ... and ").append(r.notChecked().size() - MAX_LISTED).append(" more\n");
      }
    }
    return b.toString();
  }
}
