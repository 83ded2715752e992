package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.alarm.AlarmWatcher;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.deploy.DeploymentActivityOptions;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.fleetrun.FleetRun;
import io.ssmflow.workflows.fleetrun.FleetRunSpec;
import io.ssmflow.workflows.fleetrun.InstanceResult;
import io.ssmflow.workflows.fleetrun.RunPlan;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.notify.Notifications;
import io.ssmflow.workflows.wave.WaveRunner;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * A patch run. Scan: AWS-RunPatchBaseline Scan under MaxConcurrency / MaxErrors, then a compliance
 * report per instance. Install: an optional health check of every instance, then per instance, in a
 * sliding window: its restore point (EBS snapshots of its volumes, right before its own install),
 * AWS-RunPatchBaseline Install with one baseline SnapshotId for the run, and the validation; an
 * instance whose install or validation failed is restored from its snapshot and validated again.
 * Waves, bakes and alarms as for deployments (docs/waves.md); an alarm restores every instance
 * patched so far.
 *
 * <p>Each phase is one pass of the fleet-run engine ({@link FleetRun}), sliced into child workflows
 * that continue as new, so a run's size is not bounded by one history (PatchHistoryBoundTest). This
 * class holds the flow's own decisions: which passes run, what stops the run, its outcome and the
 * snapshot retention. {@link PatchView} keeps the instances' states and renders the queries, the
 * result and the summary; {@link WaveRunner} (shared with deploy) runs a wave's pass with the
 * alarms watched and bakes after it.
 *
 * <p>On cancel, no instance starts any more, the ones in flight finish (and are restored when they
 * fail), the rest end SKIPPED "cancelled". As for deployments, Temporal closes a workflow whose
 * cancel was requested as Canceled whatever it returns, so the CANCELLED summary reaches people
 * through SNS and the queries.
 */
public class PatchWorkflowImpl implements PatchWorkflow {
  static final int BATCH = SendCommandRequest.MAX_INSTANCES;

  static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private static final Logger log = Workflow.getLogger(PatchWorkflowImpl.class);

  private final FleetActivities fleet =
      Workflow.newActivityStub(FleetActivities.class, DeploymentActivityOptions.fleet());
  private final PatchActivities quick =
      Workflow.newActivityStub(PatchActivities.class, PatchActivityOptions.quick());
  private final NotificationActivities notifications =
      Workflow.newActivityStub(
          NotificationActivities.class, DeploymentActivityOptions.notifications());

  private PatchRequest request;
  private PatchPlans plans;
  private long startMillis;
  private String phase = "resolving";
  private String detail = "";

  /** Every instance's place in the run, and what the queries, the result and the summary show. */
  private final PatchView view = new PatchView();

  private String baselineSnapshotId;
  private FleetRun runs;
  private int errors;
  private int threshold = Integer.MAX_VALUE;

  /** The install wave running or last run, of how many (0: no waves); the bake after it. */
  private WaveRunner waves;

  /** Why the patched instances are being restored (the alarm that stopped the run). */
  private String restoreReason;

  private String stopReason;
  private AlarmWatcher alarms;
  private boolean cancelled;

  /** The pass running now and how its engine states read in patch terms. */
  private PatchStep passStep;

  private String retentionWorkflowId;
  private long deleteAtMillis;

  /** Set before the first CreateSnapshot: from then on the run may own snapshots. */
  private boolean snapshotsRequested;

  @Override
  public PatchResult result() {
    return finalResult;
  }

  private PatchResult finalResult;

  private record Outcome(PatchOutcome outcome, String message) {}

  @Override
  public PatchResult patch(PatchRequest input) {
    request = input;
    plans = new PatchPlans(request);
    startMillis = Workflow.currentTimeMillis();
    runs = new FleetRun();
    alarms = new AlarmWatcher(request.alarms());
    waves = new WaveRunner(alarms, runs);
    Outcome outcome;
    try {
      outcome = run();
    } catch (CanceledFailure e) {
      // As in the bookingsaga sample: clean up in a detached scope, so the instances in flight
      // finish and the failed ones are restored although the run was cancelled.
      cancelled = true;
      Outcome[] holder = new Outcome[1];
      Workflow.newDetachedCancellationScope(() -> holder[0] = afterCancel()).run();
      outcome = holder[0];
    }
    Outcome end = outcome;
    Workflow.newDetachedCancellationScope(() -> finish(end)).run();
    finalResult =
        view.result(
            outcome.outcome(),
            outcome.message(),
            request.operation(),
            baselineSnapshotId,
            retentionWorkflowId,
            deleteAtMillis,
            durationSeconds());
    return finalResult;
  }

  private Outcome run() {
    try {
      request.requireComplete();
    } catch (IllegalArgumentException e) {
      // The CLI validates first; a request that still gets here fails at once, not forever.
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidRequest");
    }
    setPhase("resolving", "targets " + request.targets().describe());
    ResolvedTargets targets = fleet.resolveTargets(request.targets());
    view.ineligible(targets.skipped());
    for (String id : targets.eligible()) {
      view.add(id);
    }
    if (view.size() == 0) {
      return new Outcome(
          PatchOutcome.NO_TARGETS,
          "no eligible instance matched "
              + request.targets().describe()
              + " ("
              + view.ineligibleCount()
              + " skipped); nothing"
              + " changed");
    }
    int total = view.size();
    int concurrency = request.maxConcurrency().concurrencyFor(total);
    threshold = request.maxErrors().errorThresholdFor(total);
    return request.operation() == PatchOperation.SCAN ? scan(concurrency) : install(concurrency);
  }

  private Outcome scan(int concurrency) {
    setPhase(
        "scanning",
        view.size() + " instances, MaxConcurrency " + concurrency + ", MaxErrors " + threshold);
    pass(PatchStep.SCAN, plans.scan(), view.ids(), concurrency, threshold);
    List<String> scanned = view.idsIn(PatchInstanceState.SCANNED);
    setPhase("finishing", "compliance of " + scanned.size() + " instances");
    List<Promise<List<InstanceCompliance>>> reports = new ArrayList<>();
    for (List<String> batch : batches(scanned)) {
      reports.add(Async.function(quick::compliance, List.copyOf(batch)));
    }
    for (Promise<List<InstanceCompliance>> p : reports) {
      try {
        view.takeCompliance(p.get());
      } catch (ActivityFailure e) {
        rethrowCancel(e);
        log.warn("compliance not read: {}", PatchView.clip(Failures.message(e)));
      }
    }
    int failed = view.count(PatchInstanceState.FAILED);
    view.skipPending(stopReason == null ? "not started" : stopReason);
    if (errors > threshold) {
      return new Outcome(
          PatchOutcome.FAILED,
          errors
              + " scan errors exceeded MaxErrors "
              + request.maxErrors()
              + " ("
              + threshold
              + "): "
              + view.firstFailure());
    }
    if (failed > 0) {
      return new Outcome(
          PatchOutcome.FAILED,
          failed + " of " + view.size() + " scans failed: " + view.firstFailure());
    }
    int missing = 0;
    for (PatchView.Slot s : view.all()) {
      missing += s.compliance == null ? 0 : s.compliance.missingCount();
    }
    return new Outcome(
        PatchOutcome.SUCCEEDED,
        scanned.size() + " instances scanned, " + missing + " missing patches in all");
  }

  private Outcome install(int concurrency) {
    List<PatchView.Slot> all = new ArrayList<>(view.all());
    if (!request.healthCommands().isEmpty()) {
      setPhase("health-check", all.size() + " instances, MaxConcurrency " + concurrency);
      pass(PatchStep.HEALTH, plans.health(), ids(all), concurrency, Integer.MAX_VALUE);
      List<PatchView.Slot> unhealthy = all.stream().filter(s -> !s.healthy).toList();
      if (!unhealthy.isEmpty() && request.unhealthyPolicyOrDefault() == UnhealthyPolicy.ABORT) {
        for (PatchView.Slot s : all) {
          if (s.healthy) {
            PatchView.skip(
                s,
                "aborted: "
                    + unhealthy.size()
                    + " unhealthy instance"
                    + (unhealthy.size() == 1 ? "" : "s")
                    + " in "
                    + request.environment());
          }
        }
        return new Outcome(
            PatchOutcome.ABORTED,
            unhealthy.size()
                + " of "
                + all.size()
                + " instances unhealthy ("
                + unhealthy.get(0).instanceId
                + " "
                + unhealthy.get(0).reason
                + "); nothing changed");
      }
    }
    List<PatchView.Slot> ready =
        all.stream().filter(s -> s.healthy && s.state == PatchInstanceState.PENDING).toList();
    String refused = alarms.checkAtStart();
    if (refused != null) {
      view.skipPending("not started: " + refused);
      return new Outcome(PatchOutcome.ABORTED, refused + "; nothing changed");
    }
    baselineSnapshotId = Workflow.randomUUID().toString();
    snapshotsRequested = !ready.isEmpty();
    setPhase(
        "installing",
        ready.size()
            + " instances, MaxConcurrency "
            + concurrency
            + ", MaxErrors "
            + threshold
            + ", RebootOption "
            + request.rebootOption().awsName());
    RunPlan install = plans.install(baselineSnapshotId);
    List<List<String>> plan =
        request.waves() == null ? List.of(ids(ready)) : request.waves().split(ids(ready));
    waves.plan(request.waves() == null ? 0 : plan.size());
    for (int k = 1; k <= plan.size(); k++) {
      waves.enter(request.waves() == null ? 0 : k);
      List<String> ids = plan.get(k - 1);
      String prefix =
          request.waves() == null
              ? PatchStep.INSTALL.label
              : PatchStep.INSTALL.label + "-wave-" + k;
      if (request.waves() != null) {
        setPhase(
            "installing",
            "wave "
                + k
                + "/"
                + plan.size()
                + ": "
                + ids.size()
                + " instances, MaxConcurrency "
                + concurrency
                + ", MaxErrors "
                + threshold);
      }
      waves.watched(
          "install wave " + k,
          () ->
              pass(
                  PatchStep.INSTALL,
                  install,
                  ids,
                  concurrency,
                  Math.max(0, threshold - errors),
                  prefix));
      if (request.waves() != null) {
        WaveRunner.putMetrics(
            notifications,
            request.metricsNamespace(),
            Map.of(
                "Operation", request.operation().awsName(), "Environment", request.environment()),
            k,
            () -> view.waveCounts(ids));
      }
      if (!alarms.fired() && errors <= threshold && stopReason == null) {
        waves.bake(k, request.bake(), this::setPhase);
      }
      if (alarms.fired()) {
        stopReason = alarms.stopReason();
      } else if (errors > threshold && stopReason == null) {
        stopReason = "MaxErrors exceeded";
      }
      if (stopReason != null) {
        break;
      }
    }
    view.skipPending(stopReason == null ? "not started" : stopReason);
    if (alarms.fired()) {
      restorePatched(concurrency, alarms.stopReason());
    }
    return installOutcome();
  }

  /**
   * An alarm stopped the run (as CodeDeploy does, every changed instance goes back): each instance
   * patched so far is restored from the restore point taken right before its install, then
   * validated again, under the same MaxConcurrency. Failed instances were restored already.
   */
  private void restorePatched(int concurrency, String why) {
    List<PatchView.Slot> patched =
        view.all().stream().filter(s -> s.state == PatchInstanceState.PATCHED).toList();
    if (patched.isEmpty()) {
      return;
    }
    setPhase(
        "rolling back",
        patched.size() + " patched instances restored from their pre-patch snapshots: " + why);
    RunPlan plan = plans.restore();
    Map<String, List<String>> points = new TreeMap<>();
    patched.forEach(s -> points.put(s.instanceId, s.snapshotIds));
    restoreReason = why;
    passStep = PatchStep.RESTORE;
    absorb(
        runs.run(
            FleetRunSpec.newBuilder(plan, ids(patched))
                .concurrency(concurrency)
                .childPrefix(PatchStep.RESTORE.label)
                .summary(
                    plans.label(PatchStep.RESTORE)
                        + " in "
                        + request.environment()
                        + " after "
                        + why)
                .restorePoints(points)
                .build()));
  }

  private static List<String> ids(List<PatchView.Slot> slots) {
    return slots.stream().map(s -> s.instanceId).toList();
  }

  /** Runs one pass of the engine and takes its final states. */
  private void pass(PatchStep step, RunPlan plan, List<String> ids, int concurrency, int limit) {
    pass(step, plan, ids, concurrency, limit, step.label);
  }

  /** Runs one pass of the engine and takes its final states; answers why launching stopped. */
  private String pass(
      PatchStep step,
      RunPlan plan,
      List<String> ids,
      int concurrency,
      int limit,
      String childPrefix) {
    if (ids.isEmpty()) {
      return null;
    }
    passStep = step;
    FleetRunSpec spec =
        FleetRunSpec.newBuilder(plan, ids)
            .concurrency(concurrency)
            .errorThreshold(limit)
            .launchCutoffMillis(step == PatchStep.HEALTH ? 0 : request.launchCutoffMillis())
            .childPrefix(childPrefix)
            .summary(plans.label(step) + " in " + request.environment())
            .build();
    FleetRun.Result result = runs.run(spec);
    absorb(result);
    return result.stopReason();
  }

  private void absorb(FleetRun.Result pass) {
    for (InstanceResult r : pass.instances().values()) {
      PatchView.Slot s = view.get(r.instanceId());
      if (s != null) {
        PatchView.take(s, r, passStep, restoreReason);
      }
    }
    if (passStep != PatchStep.HEALTH && passStep != PatchStep.RESTORE) {
      errors += pass.errors();
      if (pass.stopReason() != null && stopReason == null) {
        stopReason = pass.stopReason();
      }
    }
  }

  private Outcome installOutcome() {
    int patched = view.count(PatchInstanceState.PATCHED);
    int rolledBack = view.count(PatchInstanceState.ROLLED_BACK);
    int rollbackFailed = view.count(PatchInstanceState.ROLLBACK_FAILED);
    String counts = view.installCounts();
    if (rollbackFailed > 0) {
      return new Outcome(
          PatchOutcome.ROLLBACK_FAILED,
          "ROLLBACK FAILED on "
              + rollbackFailed
              + " instance"
              + (rollbackFailed == 1 ? "" : "s")
              + " (may be half patched: "
              + view.first(PatchInstanceState.ROLLBACK_FAILED)
              + "); "
              + counts);
    }
    if (cancelled) {
      return new Outcome(PatchOutcome.CANCELLED, "cancelled during " + phase + ": " + counts);
    }
    if (alarms != null && alarms.fired()) {
      return new Outcome(PatchOutcome.FAILED, "stopped: " + alarms.stopReason() + "; " + counts);
    }
    if (errors > threshold) {
      return new Outcome(
          PatchOutcome.FAILED,
          errors
              + " errors exceeded MaxErrors "
              + request.maxErrors()
              + " ("
              + threshold
              + "); "
              + counts);
    }
    if (rolledBack > 0) {
      return new Outcome(
          PatchOutcome.ROLLED_BACK,
          rolledBack
              + " instance"
              + (rolledBack == 1 ? "" : "s")
              + " failed and restored from the pre-patch snapshot ("
              + view.firstFailure()
              + "); "
              + counts);
    }
    if (patched == 0) {
      return new Outcome(
          PatchOutcome.FAILED, "no instance was patched (" + view.firstFailure() + "); " + counts);
    }
    return new Outcome(
        PatchOutcome.SUCCEEDED, counts + ", baseline snapshot " + baselineSnapshotId);
  }

  private Outcome afterCancel() {
    if (stopReason == null) {
      stopReason = "cancelled";
    }
    setPhase(phase, "cancelled: finishing the instances in flight");
    absorb(runs.drain("cancelled"));
    view.skipUnfinished("cancelled");
    if (request.operation() == PatchOperation.INSTALL) {
      return installOutcome();
    }
    return new Outcome(
        PatchOutcome.CANCELLED,
        "cancelled during "
            + phase
            + ": "
            + view.count(PatchInstanceState.SCANNED)
            + " scanned of "
            + view.size());
  }

  /** Starts the snapshot retention, then notifies. */
  private void finish(Outcome outcome) {
    setPhase("finishing", outcome.outcome().name());
    // Whatever snapshots the run made (even those of a cancelled snapshot call) carry its tags.
    if (request.operation() == PatchOperation.INSTALL
        && snapshotsRequested
        && !request.keepSnapshots()) {
      startRetention();
    }
    notifyPeople(outcome);
    setPhase("done", outcome.outcome().name() + ": " + outcome.message());
  }

  private void startRetention() {
    Duration retention =
        request.snapshotRetention() == null ? DEFAULT_RETENTION : request.snapshotRetention();
    SnapshotRetention.Started started =
        SnapshotRetention.start(retention, view.idsIn(PatchInstanceState.ROLLBACK_FAILED));
    if (started != null) {
      retentionWorkflowId = started.workflowId();
      deleteAtMillis = started.deleteAtMillis();
    }
  }

  private void notifyPeople(Outcome outcome) {
    PatchOutcome o = outcome.outcome();
    String what =
        "ssmflow patch "
            + request.operation().awsName()
            + " "
            + request.targets().describe()
            + " in "
            + request.environment();
    String subject =
        o == PatchOutcome.ROLLBACK_FAILED
            ? "ALERT ROLLBACK FAILED: " + what
            : o.isSuccess() ? what + ": SUCCEEDED" : "ALERT " + o + ": " + what;
    Notifications.publish(
        notifications,
        request.snsTopicArn(),
        subject,
        () ->
            view.summary(
                outcome.outcome(),
                outcome.message(),
                baselineSnapshotId,
                retentionWorkflowId,
                request.snapshotRetention() == null
                    ? DEFAULT_RETENTION
                    : request.snapshotRetention(),
                durationSeconds()),
        e -> log.warn("SNS message not published: {}", PatchView.clip(Failures.message(e))));
    Notifications.putMetrics(
        notifications,
        request.metricsNamespace(),
        Map.of("Operation", request.operation().awsName(), "Environment", request.environment()),
        () ->
            List.of(
                new MetricDatum(
                    "InstancesPatched", view.count(PatchInstanceState.PATCHED), "Count"),
                new MetricDatum(
                    "InstancesRolledBack", view.count(PatchInstanceState.ROLLED_BACK), "Count"),
                new MetricDatum(
                    "RollbackFailures", view.count(PatchInstanceState.ROLLBACK_FAILED), "Count"),
                new MetricDatum("PatchDurationSeconds", durationSeconds(), "Seconds")),
        e -> log.warn("CloudWatch metrics not put: {}", PatchView.clip(Failures.message(e))));
  }

  @Override
  public PatchProgress progress() {
    return view.progress(
        phase,
        detail,
        runs,
        passStep,
        restoreReason,
        waves,
        alarms == null ? List.of() : alarms.states());
  }

  @Override
  public List<InstancePatchResult> instances(int offset, int limit) {
    return view.instances(offset, limit);
  }

  private static List<List<String>> batches(List<String> ids) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += BATCH) {
      out.add(ids.subList(i, Math.min(ids.size(), i + BATCH)));
    }
    return out;
  }

  /** A cancelled activity surfaces as the run's cancellation (handled in {@link #patch}). */
  private static void rethrowCancel(ActivityFailure e) {
    if (e.getCause() instanceof CanceledFailure c) {
      throw c;
    }
  }

  private void setPhase(String name, String line) {
    phase = name;
    detail = line;
    Workflow.setCurrentDetails(name + ": " + line);
  }

  private long durationSeconds() {
    return (Workflow.currentTimeMillis() - startMillis) / 1000;
  }
}
