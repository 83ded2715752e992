package io.ssmflow.cli.deploy;

import io.ssmflow.cli.Reasons;
import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.deploy.DeploymentProgress;
import io.ssmflow.workflows.deploy.DeploymentResult;
import io.ssmflow.workflows.deploy.InstanceProgress;
import io.ssmflow.workflows.deploy.InstanceState;
import io.ssmflow.workflows.fleet.SkippedInstance;
import java.time.Instant;
import java.util.List;

/** Text rendering of deployment progress and results for the terminal. */
public final class DeploymentView {
  static final int BAR_WIDTH = 30;

  private DeploymentView() {}

  /** One plain line, e.g. {@code rolling-out: wave 2 | 7/12 done, 1 failed, 2 in flight}. */
  public static String line(DeploymentProgress p) {
    return p.phase()
        + (p.detail() == null || p.detail().isBlank() ? "" : ": " + p.detail())
        + (p.paused() ? " (paused)" : "")
        + " | "
        + counts(p);
  }

  /** A progress bar: {@code [####xx>>....] 7/12 done, 1 failed, 2 in flight, 0 skipped}. */
  public static String bar(DeploymentProgress p) {
    int total = Math.max(1, p.total());
    int done = cells(p.succeeded(), total);
    int failed = cells(p.failed() + p.rolledBack(), total);
    int flight = cells(p.inFlight(), total);
    int rest = Math.max(0, BAR_WIDTH - done - failed - flight);
    return "["
        + "#".repeat(done)
        + "x".repeat(failed)
        + ">".repeat(flight)
        + ".".repeat(rest)
        + "] "
        + counts(p)
        + "  "
        + p.phase()
        + (p.paused() ? " (paused)" : "");
  }

  private static int cells(int n, int total) {
    return Math.min(BAR_WIDTH, (int) Math.round((double) n * BAR_WIDTH / total));
  }

  static String counts(DeploymentProgress p) {
    return p.succeeded()
        + "/"
        + p.total()
        + " done, "
        + p.failed()
        + " failed, "
        + p.inFlight()
        + " in flight, "
        + p.skipped()
        + " skipped"
        + (p.rolledBack() > 0 ? ", " + p.rolledBack() + " rolled back" : "");
  }

  /** The summary and the instance table of a running deployment. */
  public static String status(String workflowId, String status, DeploymentProgress p) {
    StringBuilder b = new StringBuilder();
    b.append(workflowId).append(": ").append(status).append('\n');
    b.append("  phase    ").append(p.phase());
    if (p.detail() != null && !p.detail().isBlank()) {
      b.append(" - ").append(p.detail());
    }
    b.append(p.paused() ? " (paused)" : "").append('\n');
    b.append("  progress ")
        .append(counts(p))
        .append(", ")
        .append(p.pending())
        .append(" pending")
        .append('\n');
    if (p.waves() > 0) {
      b.append("  wave     ").append(p.wave()).append('/').append(p.waves());
      if (p.bakeRemainingSeconds() > 0) {
        b.append(", baking: ").append(p.bakeRemainingSeconds()).append(" s left");
      }
      b.append('\n');
    }
    if (p.alarms() != null) {
      for (AlarmState a : p.alarms()) {
        b.append("  alarm    ").append(a.name()).append(' ').append(a.state()).append('\n');
      }
    }
    if (!p.instances().isEmpty()) {
      b.append(table(p.instances()));
    }
    return b.toString();
  }

  /** The final result: outcome line, versions, counts, per-instance table, skipped ones. */
  public static String result(String workflowId, DeploymentResult r) {
    StringBuilder b = new StringBuilder();
    b.append(workflowId)
        .append(": ")
        .append(r.outcome())
        .append(" - ")
        .append(r.message())
        .append('\n');
    b.append("  version  ")
        .append(r.previousVersion() == null ? "none" : r.previousVersion())
        .append(" -> ")
        .append(r.currentVersion() == null ? "none" : r.currentVersion())
        .append('\n');
    b.append("  result   ")
        .append(r.succeeded())
        .append('/')
        .append(r.total())
        .append(" succeeded, ")
        .append(r.failed())
        .append(" failed, ")
        .append(r.rolledBack())
        .append(" rolled back, ")
        .append(r.rollbackFailed())
        .append(" rollback failed, ")
        .append(r.skipped().size())
        .append(" skipped, ")
        .append(r.durationSeconds())
        .append(" s")
        .append('\n');
    if (r.alarm() != null) {
      b.append("  alarm    ")
          .append(r.alarm().name())
          .append(' ')
          .append(r.alarm().state())
          .append(" since ")
          .append(Instant.ofEpochMilli(r.alarm().updatedMillis()))
          .append(": ")
          .append(oneLine(r.alarm().reason() == null ? "" : r.alarm().reason()))
          .append('\n');
    }
    if (r.approval() != null) {
      b.append("  approval ")
          .append(r.approval().approver())
          .append(
              r.approval().reason() == null || r.approval().reason().isBlank()
                  ? ""
                  : " (" + r.approval().reason() + ")")
          .append('\n');
    }
    if (r.instances() != null && !r.instances().isEmpty()) {
      b.append(table(r.instances()));
      r.instances().stream()
          .filter(
              i ->
                  i.state() != InstanceState.SUCCEEDED
                      && i.reason() != null
                      && !i.reason().isBlank())
          .findFirst()
          .ifPresent(i -> b.append(Reasons.fullOutputHint(workflowId, i.instanceId())));
    }
    if (r.skipped() != null && !r.skipped().isEmpty()) {
      b.append("SKIPPED\n");
      for (SkippedInstance s : r.skipped()) {
        b.append(String.format("  %-21s %s%n", s.instanceId(), s.reason()));
      }
    }
    return b.toString();
  }

  /** INSTANCE / STATE / STEP / REASON columns. */
  public static String table(List<InstanceProgress> instances) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-21s %-15s %-10s %s%n", "INSTANCE", "STATE", "STEP", "REASON"));
    for (InstanceProgress i : instances) {
      b.append(
          String.format(
              "%-21s %-15s %-10s %s%n",
              i.instanceId(),
              i.state(),
              i.step() == null ? "-" : i.step(),
              i.reason() == null ? "" : oneLine(i.reason())));
    }
    return b.toString();
  }

  private static String oneLine(String s) {
    return Reasons.oneLine(s);
  }
}
