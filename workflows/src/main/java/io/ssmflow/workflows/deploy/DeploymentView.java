package io.ssmflow.workflows.deploy;

import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleetrun.FleetRun;
import io.ssmflow.workflows.fleetrun.InstanceResult;
import io.ssmflow.workflows.fleetrun.RunCounts;
import io.ssmflow.workflows.fleetrun.RunState;
import io.ssmflow.workflows.wave.WaveRunner;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deployment's instances as its people see them: the final state of every finished pass in
 * deployment terms (a rollback pass's success is ROLLED_BACK), the instances whose deploy failed,
 * and what the {@code progress} and {@code instances} queries, the result and the summary show of
 * them. The flow ({@link DeploymentWorkflowImpl}) decides; this keeps the ledger and renders it.
 *
 * <p>Workflow state: queries read it, so nothing here calls an activity or reads the clock.
 */
final class DeploymentView {
  static final int PAGE = 100;
  static final int ALL_INSTANCES_UP_TO = 1_000;
  static final int MAX_PAGE = 1_000;

  /** Final per-instance results of finished passes (later passes overwrite earlier ones). */
  private final Map<String, InstanceProgress> results = new TreeMap<>();

  /** Instances whose deploy step failed (they count as failed even once rolled back). */
  private final Set<String> failedIds = new HashSet<>();

  private List<String> eligible = List.of();
  private List<SkippedInstance> ineligible = List.of();

  /** The eligible instances (a list that may still grow while the rest of the targets resolve). */
  void eligible(List<String> ids) {
    eligible = ids;
  }

  List<String> eligible() {
    return eligible;
  }

  void ineligible(List<SkippedInstance> skipped) {
    ineligible = skipped;
  }

  int ineligibleCount() {
    return ineligible.size();
  }

  /** Takes a pass's final states: a deploy pass's failures count as failed for good. */
  void take(FleetRun.Result pass, boolean deploying) {
    for (InstanceResult r : pass.instances().values()) {
      results.put(r.instanceId(), view(r, deploying));
      if (deploying && r.failed()) {
        failedIds.add(r.instanceId());
      }
    }
  }

  /** Marks {@code ids} SKIPPED for {@code reason}, unless they already have a state. */
  void skipAll(List<String> ids, String reason) {
    for (String id : ids) {
      results.putIfAbsent(id, new InstanceProgress(id, InstanceState.SKIPPED, null, reason));
    }
  }

  /** The instance's final state, or null while it has none. */
  InstanceProgress get(String id) {
    return results.get(id);
  }

  boolean succeeded(String id) {
    InstanceProgress p = results.get(id);
    return p != null && p.state() == InstanceState.SUCCEEDED;
  }

  /** A wave's instances deployed, and failed, for its metrics. */
  WaveRunner.WaveCounts waveCounts(List<String> ids) {
    int succeeded = 0;
    int failed = 0;
    for (String id : ids) {
      succeeded += succeeded(id) ? 1 : 0;
      failed += failedIds.contains(id) ? 1 : 0;
    }
    return new WaveRunner.WaveCounts(succeeded, failed);
  }

  int failedCount() {
    return failedIds.size();
  }

  int count(InstanceState state) {
    int n = 0;
    for (InstanceProgress p : results.values()) {
      n += p.state() == state ? 1 : 0;
    }
    return n;
  }

  List<String> idsIn(InstanceState state) {
    List<String> ids = new ArrayList<>();
    for (InstanceProgress p : results.values()) {
      if (p.state() == state) {
        ids.add(p.instanceId());
      }
    }
    return ids;
  }

  /** The first failed instance and why, for a one-line outcome. */
  String firstFailure() {
    for (InstanceProgress p : results.values()) {
      if (isFailure(p)) {
        return p.instanceId() + " " + p.reason();
      }
    }
    return "see the instances";
  }

  /** The SNS summary of a finished deployment. */
  String summary(
      DeploymentRequest request,
      DeploymentOutcome outcome,
      String message,
      String previousVersion,
      long durationSeconds,
      WaveRunner waves,
      AlarmState alarm,
      ApprovalGate approval) {
    StringBuilder b = new StringBuilder();
    b.append("Deployment ")
        .append(Workflow.getInfo().getWorkflowId())
        .append(": ")
        .append(outcome)
        .append('\n')
        .append(message)
        .append('\n')
        .append("targets: ")
        .append(request.targets().describe())
        .append('\n')
        .append("previous version: ")
        .append(previousVersion == null ? "none" : previousVersion)
        .append('\n')
        .append(countsLine())
        .append('\n')
        .append("duration: ")
        .append(durationSeconds)
        .append(" s\n");
    if (request.waves() != null) {
      b.append("waves: ")
          .append(request.waves())
          .append(" (")
          .append(waves.count())
          .append(" waves, stopped after wave ")
          .append(waves.wave())
          .append(")\n");
    }
    if (alarm != null) {
      b.append("stopped by alarm ")
          .append(alarm.name())
          .append(" (")
          .append(alarm.state())
          .append(" since ")
          .append(java.time.Instant.ofEpochMilli(alarm.updatedMillis()))
          .append("): ")
          .append(alarm.reason())
          .append('\n');
    }
    Approval decision = approval.decision();
    if (decision != null) {
      b.append("approval: ")
          .append(approval.approved() ? "approved" : "rejected")
          .append(" by ")
          .append(decision.approver())
          .append('\n');
    }
    appendFailures(b, 20);
    return b.toString();
  }

  /** The summary's counts line. */
  private String countsLine() {
    return "eligible "
        + eligible.size()
        + ", succeeded "
        + count(InstanceState.SUCCEEDED)
        + ", failed "
        + failedIds.size()
        + ", rolled back "
        + count(InstanceState.ROLLED_BACK)
        + ", rollback failed "
        + count(InstanceState.ROLLBACK_FAILED)
        + ", skipped "
        + (count(InstanceState.SKIPPED) + ineligible.size());
  }

  /** Up to {@code max} failed instances, one line each. */
  private void appendFailures(StringBuilder b, int max) {
    int shown = 0;
    for (InstanceProgress p : results.values()) {
      if (isFailure(p) && shown++ < max) {
        b.append(p.instanceId())
            .append(' ')
            .append(p.state())
            .append(": ")
            .append(p.reason())
            .append('\n');
      }
    }
  }

  /**
   * The deployment's result: every instance up to {@link #ALL_INSTANCES_UP_TO}, only the failed
   * ones above that; the skipped ones (ineligible included) with their reasons.
   */
  DeploymentResult result(
      DeploymentOutcome outcome,
      String message,
      String previousVersion,
      String currentVersion,
      Approval decision,
      long durationSeconds,
      AlarmState trigger) {
    List<SkippedInstance> skipped = new ArrayList<>(ineligible);
    List<InstanceProgress> instances = new ArrayList<>();
    boolean all = results.size() <= ALL_INSTANCES_UP_TO;
    for (InstanceProgress p : results.values()) {
      if (p.state() == InstanceState.SKIPPED) {
        skipped.add(new SkippedInstance(p.instanceId(), p.reason()));
      }
      if (all || isFailure(p)) {
        instances.add(p);
      }
    }
    return new DeploymentResult(
        outcome,
        message,
        previousVersion,
        currentVersion,
        eligible.size(),
        count(InstanceState.SUCCEEDED),
        failedIds.size(),
        count(InstanceState.ROLLED_BACK),
        count(InstanceState.ROLLBACK_FAILED),
        skipped,
        instances,
        decision,
        durationSeconds,
        trigger);
  }

  /**
   * The {@code progress} query: counts over every eligible instance as known now, failures first in
   * the first page.
   */
  DeploymentProgress progress(
      String phase,
      String detail,
      FleetRun runs,
      boolean deploying,
      WaveRunner waves,
      List<AlarmState> alarms) {
    Map<String, InstanceProgress> all = current(runs, deploying);
    int succeeded = 0;
    int skipped = ineligible.size();
    int rolledBack = 0;
    int inFlight = 0;
    int pending = 0;
    for (InstanceProgress p : all.values()) {
      switch (p.state()) {
        case SUCCEEDED -> succeeded++;
        case SKIPPED -> skipped++;
        case ROLLED_BACK -> rolledBack++;
        case IN_PROGRESS, ROLLING_BACK -> inFlight++;
        case PENDING -> pending++;
        default -> {}
      }
    }
    int failed = failedIds.size();
    if (runs != null && deploying) {
      for (InstanceResult r : runs.finished().values()) {
        failed += r.failed() && !failedIds.contains(r.instanceId()) ? 1 : 0;
      }
    }
    return new DeploymentProgress(
        phase,
        detail,
        runs != null && runs.paused(),
        eligible.size(),
        succeeded,
        failed,
        inFlight,
        pending,
        skipped,
        rolledBack,
        page(all, 0, PAGE, true),
        waves == null ? 0 : waves.wave(),
        waves == null ? 0 : waves.count(),
        waves == null ? 0 : waves.bakeSecondsLeft(),
        alarms);
  }

  /** The {@code instances} query: a page in id order. */
  List<InstanceProgress> instances(FleetRun runs, boolean deploying, int offset, int limit) {
    return page(current(runs, deploying), offset, limit, false);
  }

  /**
   * Every eligible instance as known now: the final state of finished passes, overlaid with the
   * running pass's finished instances; the rest of the running pass is in flight (its slices hold
   * the detail) or pending.
   */
  private Map<String, InstanceProgress> current(FleetRun runs, boolean deploying) {
    Map<String, InstanceProgress> all = new LinkedHashMap<>();
    RunCounts counts = runs == null ? null : runs.counts();
    Map<String, InstanceResult> live = runs == null ? Map.of() : runs.finished();
    for (String id : eligible) {
      InstanceResult r = live.get(id);
      InstanceProgress p = r != null ? view(r, deploying) : results.get(id);
      if (p == null && counts != null && runs.launched(id)) {
        p =
            new InstanceProgress(
                id,
                InstanceState.IN_PROGRESS,
                null,
                "in slice " + runs.sliceOf(id) + " (query it for detail)");
      }
      all.put(id, p != null ? p : new InstanceProgress(id, InstanceState.PENDING, null, null));
    }
    return all;
  }

  /** An engine state in deployment terms (a rollback pass's success is a rollback). */
  private static InstanceProgress view(InstanceResult r, boolean deploying) {
    InstanceState state =
        switch (r.state()) {
          case PENDING -> InstanceState.PENDING;
          case RUNNING -> deploying ? InstanceState.IN_PROGRESS : InstanceState.ROLLING_BACK;
          case COMPENSATING -> InstanceState.ROLLING_BACK;
          case SUCCEEDED -> deploying ? InstanceState.SUCCEEDED : InstanceState.ROLLED_BACK;
          case FAILED -> deploying ? InstanceState.FAILED : InstanceState.ROLLBACK_FAILED;
          case COMPENSATED -> InstanceState.ROLLED_BACK;
          case COMPENSATION_FAILED -> InstanceState.ROLLBACK_FAILED;
          case SKIPPED -> InstanceState.SKIPPED;
        };
    String reason = r.reason();
    if (!deploying) {
      reason =
          r.state() == RunState.SUCCEEDED
              ? "rolled back by the failure policy"
              : "rollback " + reason;
    }
    return new InstanceProgress(r.instanceId(), state, r.step(), reason);
  }

  private static boolean isFailure(InstanceProgress p) {
    return p.state() == InstanceState.FAILED
        || p.state() == InstanceState.ROLLBACK_FAILED
        || (p.state() == InstanceState.ROLLED_BACK
            && p.reason() != null
            && !p.reason().startsWith("rolled back by the failure policy"));
  }

  /** A page in id order, or (failuresFirst) failures then the rest. */
  private static List<InstanceProgress> page(
      Map<String, InstanceProgress> view, int offset, int limit, boolean failuresFirst) {
    int cap = Math.max(0, Math.min(limit, MAX_PAGE));
    List<InstanceProgress> all = new ArrayList<>(view.values());
    if (failuresFirst) {
      List<InstanceProgress> ordered = new ArrayList<>();
      all.stream().filter(DeploymentView::isFailure).forEach(ordered::add);
      all.stream().filter(p -> !isFailure(p)).forEach(ordered::add);
      all = ordered;
    }
    int from = Math.max(0, Math.min(offset, all.size()));
    return new ArrayList<>(all.subList(from, Math.min(all.size(), from + cap)));
  }
}
