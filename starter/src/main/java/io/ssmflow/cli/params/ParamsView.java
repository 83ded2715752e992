package io.ssmflow.cli.params;

import io.ssmflow.workflows.params.ChangeKind;
import io.ssmflow.workflows.params.ConfigEntry;
import io.ssmflow.workflows.params.ConfigPushRequest;
import io.ssmflow.workflows.params.ConfigPushResult;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.ParameterAuditFinding;
import io.ssmflow.workflows.params.ParameterAuditReport;
import io.ssmflow.workflows.params.ParameterAuditResult;
import io.ssmflow.workflows.params.ParameterChange;
import io.ssmflow.workflows.params.RemediationStatus;
import io.ssmflow.workflows.params.RollbackResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text and JSON views of the params commands' results. Secure values are always masked. */
final class ParamsView {
  static final int FINDINGS_SHOWN = 50;

  private ParamsView() {}

  static String symbol(ChangeKind kind) {
    return switch (kind) {
      case ADD -> "+";
      case CHANGE -> "~";
      case UNCHANGED -> "=";
    };
  }

  static String plan(
      ConfigPushRequest request, List<ParameterChange> changes, List<String> securePatterns) {
    Map<String, ConfigEntry> byName = new LinkedHashMap<>();
    request.entries().forEach(e -> byName.put(e.name(), e));
    long writes = changes.stream().filter(ParameterChange::writes).count();
    StringBuilder b = new StringBuilder();
    b.append("plan for /")
        .append(request.app())
        .append('/')
        .append(request.environment())
        .append("/: ")
        .append(count(changes, ChangeKind.ADD))
        .append(" to add, ")
        .append(count(changes, ChangeKind.CHANGE))
        .append(" to change, ")
        .append(count(changes, ChangeKind.UNCHANGED))
        .append(" unchanged")
        .append(writes == 0 ? " (nothing to write)" : "")
        .append('\n');
    b.append("secure keys: ").append(patternsLine(securePatterns)).append('\n');
    for (ParameterChange c : changes) {
      ConfigEntry e = byName.get(c.name());
      b.append("  ")
          .append(symbol(c.kind()))
          .append(' ')
          .append(c.name())
          .append("  ")
          .append(c.type().awsName());
      if (c.kind() != ChangeKind.UNCHANGED) {
        b.append("  ").append(e == null ? "" : e.shownValue());
      }
      if (c.kind() == ChangeKind.CHANGE) {
        b.append("  (replaces version ")
            .append(c.currentVersion())
            .append(c.currentType() != c.type() ? ", was " + c.currentType().awsName() : "")
            .append(')');
      }
      b.append('\n');
    }
    b.append("nothing was written (--plan)\n");
    return b.toString();
  }

  /**
   * The patterns that made keys SecureString, as the plan shows them: the defaults or the
   * --secure-pattern list.
   */
  static String patternsLine(List<String> securePatterns) {
    boolean defaults = securePatterns == null || securePatterns.isEmpty();
    return "keys matching "
        + String.join(", ", effective(securePatterns))
        + " (case-insensitive"
        + (defaults ? "; the defaults, replaced by --secure-pattern" : "; from --secure-pattern")
        + ")";
  }

  static List<String> effective(List<String> securePatterns) {
    return securePatterns == null || securePatterns.isEmpty()
        ? ConfigRules.DEFAULT_SECURE_PATTERNS
        : securePatterns;
  }

  static Map<String, Object> planJson(
      ConfigPushRequest request, List<ParameterChange> changes, List<String> securePatterns) {
    Map<String, ConfigEntry> byName = new LinkedHashMap<>();
    request.entries().forEach(e -> byName.put(e.name(), e));
    List<Map<String, Object>> list = new ArrayList<>();
    for (ParameterChange c : changes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("change", c.kind());
      m.put("type", c.type().awsName());
      m.put("value", byName.get(c.name()).shownValue());
      m.put("currentVersion", c.currentVersion());
      m.put("currentType", c.currentType() == null ? null : c.currentType().awsName());
      list.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("app", request.app());
    doc.put("env", request.environment());
    doc.put("add", count(changes, ChangeKind.ADD));
    doc.put("change", count(changes, ChangeKind.CHANGE));
    doc.put("unchanged", count(changes, ChangeKind.UNCHANGED));
    doc.put("securePatterns", effective(securePatterns));
    doc.put("changes", list);
    return doc;
  }

  static String pushResult(String workflowId, ConfigPushResult r) {
    StringBuilder b = new StringBuilder();
    b.append(workflowId)
        .append(": ")
        .append(r.outcome())
        .append('\n')
        .append("  ")
        .append(r.message())
        .append('\n');
    for (ParameterChange c : r.changes()) {
      if (!c.writes()) {
        continue;
      }
      Long written = r.written().get(c.name());
      b.append("  ")
          .append(symbol(c.kind()))
          .append(' ')
          .append(c.name())
          .append("  ")
          .append(c.type().awsName());
      if (written != null) {
        b.append("  version ").append(written);
        b.append(
            c.kind() == ChangeKind.ADD
                ? " (new)"
                : " (replaced version " + c.currentVersion() + ")");
      }
      b.append('\n');
    }
    if (!r.replaced().isEmpty()) {
      b.append("  undo with: ssmflow params rollback --push ").append(workflowId).append('\n');
    }
    return b.toString();
  }

  static String rollback(String workflowId, RollbackResult r) {
    StringBuilder b = new StringBuilder(workflowId + ": " + r.message() + "\n");
    r.done()
        .forEach(
            (name, what) -> b.append("  ").append(name).append(": ").append(what).append('\n'));
    return b.toString();
  }

  static String audit(String workflowId, ParameterAuditResult result) {
    ParameterAuditReport r = result.report();
    StringBuilder b = new StringBuilder();
    int findings = r.findingCounts().values().stream().mapToInt(Integer::intValue).sum();
    b.append(workflowId)
        .append(": ")
        .append(r.total())
        .append(" parameters under ")
        .append(r.path())
        .append(", ")
        .append(findings)
        .append(" findings\n");
    b.append("  by type: ").append(r.byType()).append('\n');
    b.append("  by tier: ").append(r.byTier()).append('\n');
    b.append("  by path: ").append(r.byPrefix()).append('\n');
    b.append("  findings by kind: ").append(r.findingCounts()).append('\n');
    int shown = 0;
    for (ParameterAuditFinding f : r.findings()) {
      if (shown++ == FINDINGS_SHOWN) {
        b.append("  ... ").append(findings - FINDINGS_SHOWN).append(" more (--output json)\n");
        break;
      }
      b.append("  ")
          .append(f.severity())
          .append(' ')
          .append(f.kind())
          .append(' ')
          .append(f.name())
          .append(": ")
          .append(f.detail())
          .append('\n');
    }
    b.append("recommendations:\n");
    r.recommendations().forEach(line -> b.append("  - ").append(line).append('\n'));
    b.append("remediation: ").append(result.remediation());
    if (result.remediation() == RemediationStatus.APPLIED) {
      b.append(", ").append(result.converted().size()).append(" converted to SecureString");
    }
    if (result.decision() != null) {
      b.append(" (").append(result.decision().approver()).append(')');
    }
    b.append('\n');
    return b.toString();
  }

  private static long count(List<ParameterChange> changes, ChangeKind kind) {
    return changes.stream().filter(c -> c.kind() == kind).count();
  }
}
