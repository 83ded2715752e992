package io.ssmflow.cli.audit;

import io.ssmflow.workflows.audit.AuditResult;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.InstanceAudit;
import io.ssmflow.workflows.audit.Recommendation;
import io.ssmflow.workflows.audit.Severity;
import io.ssmflow.workflows.fleet.SkippedInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The Markdown report of {@code --report FILE.md}: summary table, findings by severity,
 * per-instance details, recommendations, instances not checked.
 */
public final class AuditReport {
  private AuditReport() {}

  public static String markdown(String workflowId, AuditResult r) {
    StringBuilder b = new StringBuilder();
    b.append("# Infrastructure audit `").append(workflowId).append("`\n\n");
    b.append("- Targets: ").append(cell(r.targets())).append('\n');
    if (r.environment() != null) {
      b.append("- Environment: ").append(cell(r.environment())).append('\n');
    }
    b.append("- Started: ")
        .append(Instant.ofEpochMilli(r.startedAtMillis()))
        .append(", took ")
        .append(Duration.ofMillis(r.finishedAtMillis() - r.startedAtMillis()).toSeconds())
        .append(" s")
        .append(r.cancelled() ? " (**cancelled**: covers what had ended)" : "")
        .append('\n');
    b.append("- Checks: ").append(String.join(", ", r.checks())).append("\n\n");

    b.append("## Summary\n\n| | count |\n|---|---:|\n");
    b.append("| Instances checked | ").append(r.checkedCount()).append(" |\n");
    b.append("| Instances not checked | ").append(r.notChecked().size()).append(" |\n");
    for (Severity s : Severity.values()) {
      b.append("| ").append(s).append(" findings | ").append(r.count(s)).append(" |\n");
    }
    b.append("\n| check | findings |\n|---|---:|\n");
    for (Map.Entry<String, Integer> e : r.byCheck().entrySet()) {
      b.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
    }

    b.append("\n## Findings by severity\n");
    for (Severity s : Severity.values()) {
      b.append("\n### ").append(s).append(" (").append(r.count(s)).append(")\n\n");
      if (r.count(s) == 0) {
        b.append("None.\n");
        continue;
      }
      b.append("| instance | check | finding | detail |\n|---|---|---|---|\n");
      for (InstanceAudit a : r.instances()) {
        for (Finding f : a.findings()) {
          if (f.severity() == s) {
            b.append("| ")
                .append(a.instanceId())
                .append(" | ")
                .append(f.check())
                .append(" | ")
                .append(f.type())
                .append(" | ")
                .append(cell(f.message()))
                .append(" |\n");
          }
        }
      }
    }

    b.append("\n## Instances\n");
    for (InstanceAudit a : r.instances()) {
      b.append("\n### ").append(a.instanceId()).append("\n\n");
      if (a.findings().isEmpty()) {
        b.append("No findings.\n");
      }
      for (Finding f : a.findings()) {
        b.append("- **")
            .append(f.severity())
            .append("** ")
            .append(f.check())
            .append(": ")
            .append(cell(f.message()))
            .append('\n');
      }
      for (String e : a.checkErrors()) {
        b.append("- check without verdict: ").append(cell(e)).append('\n');
      }
    }

    b.append("\n## Recommendations\n\n");
    if (r.recommendations().isEmpty()) {
      b.append("None: no findings.\n");
    } else {
      b.append("| severity | finding | instances | recommendation |\n|---|---|---:|---|\n");
      for (Recommendation x : r.recommendations()) {
        b.append("| ")
            .append(x.severity())
            .append(" | ")
            .append(x.type())
            .append(" | ")
            .append(x.instances())
            .append(" | ")
            .append(cell(x.text()))
            .append(" |\n");
      }
    }

    b.append("\n## Not checked\n\n");
    if (r.notChecked().isEmpty()) {
      b.append("None.\n");
    } else {
      b.append("| instance | reason |\n|---|---|\n");
      for (SkippedInstance s : r.notChecked()) {
        b.append("| ").append(s.instanceId()).append(" | ").append(cell(s.reason())).append(" |\n");
      }
    }
    return b.toString();
  }

  /** Text safe in a Markdown table cell. */
  static String cell(String s) {
    return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
  }
}
