package io.ssmflow.cli.patch;

import io.ssmflow.cli.Reasons;
import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.patch.ComplianceReport;
import io.ssmflow.workflows.patch.InstancePatchResult;
import io.ssmflow.workflows.patch.MissingPatch;
import io.ssmflow.workflows.patch.PatchInstanceState;
import io.ssmflow.workflows.patch.PatchOperation;
import io.ssmflow.workflows.patch.PatchProgress;
import io.ssmflow.workflows.patch.PatchResult;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Text rendering of patch progress and results for the terminal. */
public final class PatchView {
  static final int BAR_WIDTH = 30;

  /** Missing patches named per instance in the result table. */
  static final int PATCHES_NAMED = 3;

  private PatchView() {}

  /** One plain line, e.g. {@code installing: 4 of 12 | 3/12 done, 1 failed, 2 in flight}. */
  public static String line(PatchProgress p) {
    return p.phase()
        + (p.detail() == null || p.detail().isBlank() ? "" : ": " + p.detail())
        + " | "
        + counts(p);
  }

  /** A progress bar: {@code [####xx>>....] 7/12 done, 1 failed, 2 in flight, 0 skipped}. */
  public static String bar(PatchProgress p) {
    int total = Math.max(1, p.total());
    int done = cells(p.done(), total);
    int failed = cells(p.failed(), total);
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
        + p.phase();
  }

  private static int cells(int n, int total) {
    return Math.min(BAR_WIDTH, (int) Math.round((double) n * BAR_WIDTH / total));
  }

  static String counts(PatchProgress p) {
    return p.done()
        + "/"
        + p.total()
        + " done, "
        + p.failed()
        + " failed, "
        + p.inFlight()
        + " in flight, "
        + p.skipped()
        + " skipped";
  }

  /** The summary and the instance table of a running patch run. */
  public static String status(String workflowId, String status, PatchProgress p) {
    StringBuilder b = new StringBuilder();
    b.append(workflowId).append(": ").append(status).append('\n');
    b.append("  phase    ").append(p.phase());
    if (p.detail() != null && !p.detail().isBlank()) {
      b.append(" - ").append(p.detail());
    }
    b.append('\n');
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
    for (AlarmState a : p.alarms()) {
      b.append("  alarm    ").append(a.name()).append(' ').append(a.state()).append('\n');
    }
    if (!p.instances().isEmpty()) {
      b.append(table(p.instances(), List.of()));
    }
    return b.toString();
  }

  /** The final result: outcome line, counts, snapshots, per-instance table. */
  public static String result(String workflowId, PatchResult r) {
    StringBuilder b = new StringBuilder();
    b.append(workflowId)
        .append(": ")
        .append(r.outcome())
        .append(" - ")
        .append(r.message() == null ? "" : oneLine(r.message()))
        .append('\n');
    b.append("  result   ");
    if (r.operation() == PatchOperation.SCAN) {
      b.append(r.scanned())
          .append('/')
          .append(r.total())
          .append(" scanned, ")
          .append(r.failed())
          .append(" failed, ");
    } else {
      b.append(r.patched())
          .append('/')
          .append(r.total())
          .append(" patched, ")
          .append(r.rolledBack())
          .append(" rolled back, ")
          .append(r.rollbackFailed())
          .append(" rollback failed, ");
    }
    b.append(r.skipped().size())
        .append(" skipped, ")
        .append(r.durationSeconds())
        .append(" s")
        .append('\n');
    if (r.operation() == PatchOperation.INSTALL && r.baselineSnapshotId() != null) {
      b.append("  baseline ").append(r.baselineSnapshotId()).append('\n');
    }
    if (r.snapshotCleanupWorkflowId() != null) {
      b.append("  snapshots deleted ")
          .append(
              r.snapshotsDeleteAtMillis() > 0
                  ? "at " + Instant.ofEpochMilli(r.snapshotsDeleteAtMillis())
                  : "later")
          .append(" by ")
          .append(r.snapshotCleanupWorkflowId())
          .append('\n');
    } else if (r.operation() == PatchOperation.INSTALL
        && r.instances().stream().anyMatch(i -> !i.snapshotIds().isEmpty())) {
      b.append("  snapshots kept\n");
    }
    if (!r.instances().isEmpty() || !r.skipped().isEmpty()) {
      b.append(table(r.instances(), r.skipped()));
      r.instances().stream()
          .filter(
              i ->
                  i.state() != PatchInstanceState.PATCHED
                      && i.state() != PatchInstanceState.SCANNED
                      && i.reason() != null
                      && !i.reason().isBlank())
          .findFirst()
          .ifPresent(i -> b.append(Reasons.fullOutputHint(workflowId, i.instanceId())));
    }
    return b.toString();
  }

  /** The loud line for restores that failed, naming the instances and their snapshots. */
  public static String rollbackFailedAlert(PatchResult r) {
    List<InstancePatchResult> failed =
        r.instances().stream()
            .filter(i -> i.state() == PatchInstanceState.ROLLBACK_FAILED)
            .toList();
    String which =
        failed.isEmpty()
            ? r.rollbackFailed() + " instance(s)"
            : failed.stream()
                .map(
                    i ->
                        i.instanceId()
                            + (i.snapshotIds().isEmpty()
                                ? ""
                                : " (snapshot " + i.snapshotIds().get(0) + ")"))
                .collect(Collectors.joining(", "));
    return "ROLLBACK FAILED on "
        + which
        + ": they may be half patched; restore them from"
        + " their pre-patch snapshots by hand";
  }

  /** INSTANCE / RESULT / DETAIL columns; skipped instances not in the list are appended. */
  public static String table(List<InstancePatchResult> instances, List<SkippedInstance> skipped) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-21s %-15s %s%n", "INSTANCE", "RESULT", "DETAIL"));
    Set<String> listed = new HashSet<>();
    for (InstancePatchResult i : instances) {
      listed.add(i.instanceId());
      b.append(
              String.format("%-21s %-15s %s%n", i.instanceId(), name(i.state()), oneLine(detail(i)))
                  .stripTrailing())
          .append('\n');
    }
    for (SkippedInstance s : skipped) {
      if (listed.add(s.instanceId())) {
        b.append(
                String.format(
                        "%-21s %-15s %s",
                        s.instanceId(), "Skipped", oneLine(s.reason() == null ? "" : s.reason()))
                    .stripTrailing())
            .append('\n');
      }
    }
    return b.toString();
  }

  /** The result names of the CLI contract: Patched, RolledBack, RollbackFailed, Skipped, ... */
  public static String name(PatchInstanceState state) {
    return switch (state) {
      case PATCHED -> "Patched";
      case ROLLED_BACK -> "RolledBack";
      case ROLLBACK_FAILED -> "RollbackFailed";
      case SKIPPED -> "Skipped";
      case SCANNED -> "Scanned";
      case FAILED -> "Failed";
      case PENDING -> "Pending";
      case HEALTH_CHECK -> "HealthCheck";
      case SNAPSHOTTING -> "Snapshotting";
      case INSTALLING -> "Installing";
      case VALIDATING -> "Validating";
      case ROLLING_BACK -> "RollingBack";
    };
  }

  static String detail(InstancePatchResult i) {
    String reason = i.reason() == null || i.reason().isBlank() ? "" : i.reason();
    ComplianceReport c = i.compliance();
    if (c != null) {
      String named =
          c.missing().stream()
              .limit(PATCHES_NAMED)
              .map(PatchView::patch)
              .collect(Collectors.joining(", "));
      int more = Math.max(c.missing().size(), c.missingCount() + c.failedCount()) - PATCHES_NAMED;
      return c.missingCount()
          + " missing, "
          + c.failedCount()
          + " failed, "
          + c.installedCount()
          + " installed"
          + (named.isEmpty() ? "" : ": " + named)
          + (more > 0 ? " +" + more + " more" : "")
          + (reason.isEmpty() ? "" : " - " + reason);
    }
    if (i.state() == PatchInstanceState.ROLLED_BACK && !i.snapshotIds().isEmpty()) {
      return "restored from " + i.snapshotIds().get(0) + (reason.isEmpty() ? "" : "; " + reason);
    }
    if (i.state() == PatchInstanceState.PATCHED && !i.snapshotIds().isEmpty() && reason.isEmpty()) {
      return "pre-patch snapshot " + String.join(",", i.snapshotIds());
    }
    return reason;
  }

  private static String patch(MissingPatch p) {
    String grade =
        p.severity() == null || p.severity().isBlank() ? p.classification() : p.severity();
    return p.id() + (grade == null || grade.isBlank() ? "" : " (" + grade + ")");
  }

  private static String oneLine(String s) {
    return Reasons.oneLine(s);
  }
}
