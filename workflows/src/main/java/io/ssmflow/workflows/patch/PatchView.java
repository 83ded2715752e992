package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleetrun.FleetRun;
import io.ssmflow.workflows.fleetrun.InstanceResult;
import io.ssmflow.workflows.fleetrun.RunState;
import io.ssmflow.workflows.wave.WaveRunner;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A patch run's instances as its people see them: each instance's place in the run (its state in
 * patch terms, why, its restore points, its compliance), and what the {@code progress} and {@code
 * instances} queries, the result and the summary show of them. The flow ({@link PatchWorkflowImpl})
 * decides; this keeps the ledger and renders it.
 *
 * <p>Workflow state: queries read it, so nothing here calls an activity or reads the clock.
 */
final class PatchView {
  static final int PAGE = 100;
  static final int ALL_INSTANCES_UP_TO = 1_000;
  static final int MAX_PAGE = 1_000;
  static final int MAX_REASON = 300;

  /** One instance's place in the run. */
  static final class Slot {
    final String instanceId;
    PatchInstanceState state = PatchInstanceState.PENDING;
    String reason;
    List<String> snapshotIds = List.of();
    ComplianceReport compliance;
    boolean healthy = true;

    Slot(String instanceId) {
      this.instanceId = instanceId;
    }

    InstancePatchResult result() {
      return new InstancePatchResult(instanceId, state, reason, snapshotIds, compliance);
    }
  }

  private final List<SkippedInstance> ineligible = new ArrayList<>();
  private final Map<String, Slot> slots = new TreeMap<>();

  void ineligible(List<SkippedInstance> skipped) {
    ineligible.addAll(skipped);
  }

  int ineligibleCount() {
    return ineligible.size();
  }

  void add(String instanceId) {
    slots.put(instanceId, new Slot(instanceId));
  }

  /** The instance's slot, or null when it is not one of the run's. */
  Slot get(String instanceId) {
    return slots.get(instanceId);
  }

  /** Every slot in instance id order. */
  Collection<Slot> all() {
    return slots.values();
  }

  List<String> ids() {
    return new ArrayList<>(slots.keySet());
  }

  int size() {
    return slots.size();
  }

  /**
   * Takes an engine result of the pass {@code pass} in patch terms; {@code restoreReason} is why a
   * RESTORE pass runs.
   */
  static void take(Slot s, InstanceResult r, PatchStep pass, String restoreReason) {
    if (!r.snapshotIds().isEmpty()) {
      s.snapshotIds = r.snapshotIds();
    }
    String reason = clip(r.reason());
    if (r.state() == RunState.SKIPPED && reason != null && reason.startsWith("not started: ")) {
      reason = reason.substring("not started: ".length()); // "MaxErrors exceeded", "cutoff"
    }
    switch (pass) {
      case HEALTH -> {
        if (r.state() == RunState.SUCCEEDED) {
          s.state = PatchInstanceState.PENDING;
        } else {
          s.healthy = false;
          skip(
              s,
              r.state() == RunState.SKIPPED && reason != null && reason.startsWith("not ")
                  ? reason
                  : "unhealthy: " + reason);
        }
      }
      case RESTORE -> {
        if (r.state() == RunState.SUCCEEDED) {
          s.state = PatchInstanceState.ROLLED_BACK;
          s.reason = "restored from the pre-patch snapshot: " + restoreReason;
        } else if (r.state() == RunState.SKIPPED) {
          s.reason = "not restored after " + restoreReason + ": " + reason;
        } else if (r.state() != RunState.PENDING && r.state() != RunState.RUNNING) {
          s.state = PatchInstanceState.ROLLBACK_FAILED;
          s.reason = "restore after " + restoreReason + " failed: " + reason;
        }
      }
      case SCAN -> {
        s.state =
            switch (r.state()) {
              case SUCCEEDED -> PatchInstanceState.SCANNED;
              case SKIPPED -> PatchInstanceState.SKIPPED;
              default -> PatchInstanceState.FAILED;
            };
        s.reason = reason;
      }
      default -> {
        s.state =
            switch (r.state()) {
              case SUCCEEDED -> PatchInstanceState.PATCHED;
              case COMPENSATED -> PatchInstanceState.ROLLED_BACK;
              case SKIPPED -> PatchInstanceState.SKIPPED;
              case PENDING -> PatchInstanceState.PENDING;
              case RUNNING -> running(r.step());
              case COMPENSATING -> PatchInstanceState.ROLLING_BACK;
              default -> PatchInstanceState.ROLLBACK_FAILED;
            };
        s.reason = s.state == PatchInstanceState.PATCHED ? null : reason;
      }
    }
  }

  private static PatchInstanceState running(String step) {
    if (PatchStep.SNAPSHOT.label.equals(step)) {
      return PatchInstanceState.SNAPSHOTTING;
    }
    return PatchStep.VALIDATE.label.equals(step)
        ? PatchInstanceState.VALIDATING
        : PatchInstanceState.INSTALLING;
  }

  /** Each scanned instance's compliance as reported (none yet: the reason says so). */
  void takeCompliance(List<InstanceCompliance> reports) {
    for (InstanceCompliance c : reports) {
      Slot s = slots.get(c.instanceId());
      if (s == null) {
        continue;
      }
      s.compliance = c.report();
      if (c.report() == null) {
        s.reason = "scanned; no compliance data reported yet";
      }
    }
  }

  /**
   * A wave's instances patched, and failed (restored, or their restore failed), for its metrics.
   */
  WaveRunner.WaveCounts waveCounts(List<String> ids) {
    int succeeded = 0;
    int failed = 0;
    for (String id : ids) {
      PatchInstanceState state = slots.get(id).state;
      succeeded += state == PatchInstanceState.PATCHED ? 1 : 0;
      failed +=
          state == PatchInstanceState.ROLLED_BACK || state == PatchInstanceState.ROLLBACK_FAILED
              ? 1
              : 0;
    }
    return new WaveRunner.WaveCounts(succeeded, failed);
  }

  static void skip(Slot s, String reason) {
    s.state = PatchInstanceState.SKIPPED;
    s.reason = clip(reason);
  }

  /** Every instance still PENDING ends SKIPPED for {@code why}. */
  void skipPending(String why) {
    for (Slot s : slots.values()) {
      if (s.state == PatchInstanceState.PENDING) {
        skip(s, why);
      }
    }
  }

  /** Every instance without a final state ends SKIPPED for {@code why}. */
  void skipUnfinished(String why) {
    for (Slot s : slots.values()) {
      if (!s.state.isFinal()) {
        skip(s, why);
      }
    }
  }

  int count(PatchInstanceState state) {
    int n = 0;
    for (Slot s : slots.values()) {
      n += s.state == state ? 1 : 0;
    }
    return n;
  }

  List<String> idsIn(PatchInstanceState state) {
    List<String> ids = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (s.state == state) {
        ids.add(s.instanceId);
      }
    }
    return ids;
  }

  /** The first instance in {@code state} and why (there is one). */
  String first(PatchInstanceState state) {
    String id = idsIn(state).get(0);
    return id + " " + slots.get(id).reason;
  }

  /** An install's counts: "9 patched, 1 rolled back, 0 rollback failed, 0 skipped of 10". */
  String installCounts() {
    return count(PatchInstanceState.PATCHED)
        + " patched, "
        + count(PatchInstanceState.ROLLED_BACK)
        + " rolled back, "
        + count(PatchInstanceState.ROLLBACK_FAILED)
        + " rollback failed, "
        + count(PatchInstanceState.SKIPPED)
        + " skipped of "
        + slots.size();
  }

  /** The first failed (else skipped) instance and why, for a one-line outcome. */
  String firstFailure() {
    for (Slot s : slots.values()) {
      if (isFailure(s.state)) {
        return s.instanceId + " " + s.reason;
      }
    }
    for (Slot s : slots.values()) {
      if (s.state == PatchInstanceState.SKIPPED) {
        return s.instanceId + " skipped: " + s.reason;
      }
    }
    return "see the instances";
  }

  /** The SNS summary of a finished run. */
  String summary(
      PatchOutcome outcome,
      String message,
      String baselineSnapshotId,
      String retentionWorkflowId,
      Duration retention,
      long durationSeconds) {
    StringBuilder b = new StringBuilder();
    b.append("Patch run ")
        .append(Workflow.getInfo().getWorkflowId())
        .append(": ")
        .append(outcome)
        .append('\n')
        .append(message)
        .append('\n');
    if (baselineSnapshotId != null) {
      b.append("Baseline snapshot id: ").append(baselineSnapshotId).append('\n');
    }
    appendFailures(b, 20);
    if (retentionWorkflowId != null) {
      b.append("Pre-patch snapshots deleted by ")
          .append(retentionWorkflowId)
          .append(" after ")
          .append(retention)
          .append('\n');
    }
    b.append("Duration: ").append(durationSeconds).append(" s\n");
    return b.toString();
  }

  /** Up to {@code max} instances that failed or were rolled back, worst first, one line each. */
  private void appendFailures(StringBuilder b, int max) {
    int listed = 0;
    for (PatchInstanceState state :
        List.of(
            PatchInstanceState.ROLLBACK_FAILED,
            PatchInstanceState.ROLLED_BACK,
            PatchInstanceState.FAILED)) {
      for (Slot s : slots.values()) {
        if (s.state == state && listed++ < max) {
          b.append(state).append(' ').append(s.instanceId).append(": ").append(s.reason);
          if (state == PatchInstanceState.ROLLBACK_FAILED && !s.snapshotIds.isEmpty()) {
            b.append(" (pre-patch snapshots ").append(s.snapshotIds).append(')');
          }
          b.append('\n');
        }
      }
    }
  }

  /**
   * The run's result: every instance up to {@link #ALL_INSTANCES_UP_TO}, only the failed ones above
   * that; the skipped ones (ineligible included) with their reasons.
   */
  PatchResult result(
      PatchOutcome outcome,
      String message,
      PatchOperation operation,
      String baselineSnapshotId,
      String retentionWorkflowId,
      long deleteAtMillis,
      long durationSeconds) {
    List<SkippedInstance> skipped = new ArrayList<>(ineligible);
    List<InstancePatchResult> instances = new ArrayList<>();
    boolean all = slots.size() <= ALL_INSTANCES_UP_TO;
    for (Slot s : slots.values()) {
      if (s.state == PatchInstanceState.SKIPPED) {
        skipped.add(new SkippedInstance(s.instanceId, s.reason));
      }
      if (all || isFailure(s.state)) {
        instances.add(s.result());
      }
    }
    return new PatchResult(
        outcome,
        message,
        operation,
        baselineSnapshotId,
        slots.size(),
        count(PatchInstanceState.SCANNED),
        count(PatchInstanceState.PATCHED),
        count(PatchInstanceState.ROLLED_BACK),
        count(PatchInstanceState.ROLLBACK_FAILED),
        count(PatchInstanceState.FAILED),
        skipped,
        instances,
        retentionWorkflowId,
        deleteAtMillis,
        durationSeconds);
  }

  /**
   * The {@code progress} query: the slots as stored, overlaid with the running pass's finished
   * instances (read in the terms of {@code pass}); failures first in the first page.
   */
  PatchProgress progress(
      String phase,
      String detail,
      FleetRun runs,
      PatchStep pass,
      String restoreReason,
      WaveRunner waves,
      List<AlarmState> alarms) {
    int pending = 0;
    int inFlight = 0;
    int done = 0;
    int failed = 0;
    int skipped = ineligible.size();
    Map<String, InstanceResult> live = runs == null ? Map.of() : runs.finished();
    int launchedLive = runs == null || runs.counts() == null ? 0 : runs.counts().inFlight();
    for (Slot stored : slots.values()) {
      Slot s = stored;
      InstanceResult r = live.get(stored.instanceId);
      if (r != null && !stored.state.isFinal()) {
        s = new Slot(stored.instanceId);
        take(s, r, pass, restoreReason);
      }
      switch (s.state) {
        case PENDING -> pending++;
        case SCANNED, PATCHED -> done++;
        case FAILED, ROLLED_BACK, ROLLBACK_FAILED -> failed++;
        case SKIPPED -> skipped++;
        default -> inFlight++;
      }
    }
    List<InstancePatchResult> page = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (isFailure(s.state) && page.size() < PAGE) {
        page.add(s.result());
      }
    }
    for (Slot s : slots.values()) {
      if (!isFailure(s.state) && page.size() < PAGE) {
        page.add(s.result());
      }
    }
    inFlight += launchedLive;
    pending = Math.max(0, pending - launchedLive);
    return new PatchProgress(
        phase,
        detail,
        slots.size(),
        pending,
        inFlight,
        done,
        failed,
        skipped,
        page,
        waves == null ? 0 : waves.wave(),
        waves == null ? 0 : waves.count(),
        waves == null ? 0 : waves.bakeSecondsLeft(),
        alarms);
  }

  /** The {@code instances} query: a page in instance id order. */
  List<InstancePatchResult> instances(int offset, int limit) {
    List<Slot> all = new ArrayList<>(slots.values());
    int from = Math.max(0, Math.min(offset, all.size()));
    int to = Math.min(all.size(), from + Math.max(0, Math.min(limit, MAX_PAGE)));
    List<InstancePatchResult> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(all.get(i).result());
    }
    return out;
  }

  static boolean isFailure(PatchInstanceState state) {
    return state == PatchInstanceState.FAILED
        || state == PatchInstanceState.ROLLED_BACK
        || state == PatchInstanceState.ROLLBACK_FAILED;
  }

  static String clip(String s) {
    return s == null || s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON - 3) + "...";
  }
}
