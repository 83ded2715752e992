package io.ssmflow.cli.audit;

import io.ssmflow.workflows.audit.AuditProgress;
import io.ssmflow.workflows.audit.AuditResult;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.InstanceAudit;
import io.ssmflow.workflows.audit.Recommendation;
import io.ssmflow.workflows.audit.SessionAuditResult;
import io.ssmflow.workflows.audit.SessionInfo;
import io.ssmflow.workflows.audit.Severity;
import io.ssmflow.workflows.audit.TerminatedSession;
import io.ssmflow.workflows.fleet.SkippedInstance;
import java.time.Duration;
import java.time.Instant;

/** Text renderings of audits for the terminal. */
public final class AuditView {
  static final int LISTED = 20;

  private AuditView() {}

  public static String line(AuditProgress p) {
    return p.phase()
        + ": "
        + p.checked()
        + "/"
        + p.eligible()
        + " checked, "
        + p.inFlight()
        + " in flight, "
        + p.notChecked()
        + " not checked; findings "
        + p.high()
        + " high, "
        + p.medium()
        + " medium, "
        + p.low()
        + " low";
  }

  public static String result(String workflowId, AuditResult r) {
    StringBuilder b = new StringBuilder();
    b.append(workflowId)
        .append(r.cancelled() ? ": CANCELLED" : ": COMPLETED")
        .append(" — ")
        .append(r.checkedCount())
        .append(" checked, ")
        .append(r.notChecked().size())
        .append(" not checked; findings: ")
        .append(r.count(Severity.HIGH))
        .append(" HIGH, ")
        .append(r.count(Severity.MEDIUM))
        .append(" MEDIUM, ")
        .append(r.count(Severity.LOW))
        .append(" LOW\n");
    int shown = 0;
    for (InstanceAudit a : r.instances()) {
      for (Finding f : a.findings()) {
        if (shown++ < LISTED) {
          b.append(
              String.format(
                  "  %-6s %-21s %-9s %s%n", f.severity(), a.instanceId(), f.check(), f.message()));
        }
      }
    }
    if (shown > LISTED) {
      b.append("  ... ")
          .append(shown - LISTED)
          .append(" more findings (--report FILE.md or" + " --output json for all)\n");
    }
    for (SkippedInstance s : r.notChecked()) {
      b.append("  not checked ")
          .append(s.instanceId())
          .append(": ")
          .append(s.reason())
          .append('\n');
    }
    if (!r.recommendations().isEmpty()) {
      b.append("recommendations:\n");
      for (Recommendation x : r.recommendations()) {
        b.append("  [")
            .append(x.severity())
            .append("] ")
            .append(x.type())
            .append(" (")
            .append(x.instances())
            .append("): ")
            .append(x.text())
            .append('\n');
      }
    }
    return b.toString();
  }

  public static String sessions(String workflowId, SessionAuditResult r) {
    StringBuilder b = new StringBuilder();
    b.append(workflowId)
        .append(": ")
        .append(r.activeCount())
        .append(" active sessions, ")
        .append(r.stale().size())
        .append(" older than ")
        .append(
            Duration.ofSeconds(r.maxSessionAgeSeconds())
                .toString()
                .substring(2)
                .toLowerCase(java.util.Locale.ROOT))
        .append(", ")
        .append(r.terminated().size())
        .append(" terminated\n");
    for (SessionInfo s : r.stale()) {
      b.append(
          String.format(
              "  %-36s %-21s %-10s since %s by %s%n",
              s.sessionId(),
              s.target(),
              s.status(),
              Instant.ofEpochMilli(s.startedAtMillis()),
              s.owner()));
    }
    for (TerminatedSession t : r.terminated()) {
      b.append("  terminated ")
          .append(t.sessionId())
          .append(" (")
          .append(t.outcome())
          .append(") by ")
          .append(t.terminatedBy())
          .append(" at ")
          .append(Instant.ofEpochMilli(t.terminatedAtMillis()))
          .append('\n');
    }
    return b.toString();
  }
}
