package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.alarm.AlarmWatcher;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.deploy.DeploymentActivityOptions;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleetrun.FleetRun;
import io.ssmflow.workflows.fleetrun.FleetRunSpec;
import io.ssmflow.workflows.fleetrun.InstanceResult;
import io.ssmflow.workflows.fleetrun.RunPlan;
import io.ssmflow.workflows.fleetrun.RunState;
import io.ssmflow.workflows.fleetrun.RunStep;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.notify.Notifications;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
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
 * report per instance. Install: health check, EBS snapshots of every volume (waited to completed),
 * one baseline SnapshotId for the run, Install + validation per instance in a sliding window, and a
 * restore of the root volume from its pre-patch snapshot (then a second validation) for every
 * instance whose install or validation failed.
 *
 * <p>One command engine drives every phase: instances ready for the same step share one SendCommand
 * of at most 50 ids, and ONE awaitInvocations covers every command in flight; it answers as soon as
 * some invocations end, so each instance advances on its own (no lockstep) and a finished one frees
 * its slot at once. Restores run as their own activities beside it.
 *
 * <p>Saga: an instance's compensation (its root snapshot) is registered before its install is sent;
 * restores run in a detached cancellation scope. On cancel, no instance starts any more, the ones
 * in flight finish (and are restored when they fail), the rest end SKIPPED "cancelled". As for
 * deployments, Temporal closes a workflow whose cancel was requested as Canceled whatever it
 * returns, so the CANCELLED summary reaches people through SNS and the queries.
 *
 * <p>History: about 6 events per command batch and per wait, plus 6 per restore; a 1,000 instance
 * Install stays well below 10,240 events (PatchHistoryBoundTest). Larger fleets should be patched
 * per patch group or in several runs (documented limit: 1,000 instances per run).
 */
public class PatchWorkflowImpl implements PatchWorkflow {
  static final int PAGE = 100;
  static final int ALL_INSTANCES_UP_TO = 1_000;
  static final int MAX_PAGE = 1_000;
  static final int BATCH = SendCommandRequest.MAX_INSTANCES;

  /** Snapshot batches (of 50 instances) created and awaited at once. */
  static final int SNAPSHOT_PARALLEL = 10;

  static final int HEALTH_TIMEOUT_SECONDS = 300;
  static final int VALIDATION_TIMEOUT_SECONDS = 600;

  /** AWS-RunPatchBaseline's own step timeout (the document's executionTimeout is fixed). */
  static final int PATCH_TIMEOUT_SECONDS = 7_200;

  static final int DELIVERY_TIMEOUT_SECONDS = 600;
  static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
  static final int MAX_REASON = 300;

  private static final Logger log = Workflow.getLogger(PatchWorkflowImpl.class);

  private final FleetActivities fleet =
      Workflow.newActivityStub(FleetActivities.class, DeploymentActivityOptions.fleet());
  private final PatchActivities quick =
      Workflow.newActivityStub(PatchActivities.class, PatchActivityOptions.quick());
  private final NotificationActivities notifications =
      Workflow.newActivityStub(
          NotificationActivities.class, DeploymentActivityOptions.notifications());

  private PatchRequest request;
  private long startMillis;
  private String phase = "resolving";
  private String detail = "";
  private final List<SkippedInstance> ineligible = new ArrayList<>();
  private final Map<String, Slot> slots = new TreeMap<>();
  private String baselineSnapshotId;
  private FleetRun runs;
  private int errors;
  private int threshold = Integer.MAX_VALUE;

  /** The install wave running or last run, of how many (0: no waves). */
  private int wave;

  private int waveCount;

  /** When the bake running now ends (epoch millis; 0: not baking). */
  private long bakeEndMillis;

  /** Why the patched instances are being restored (the alarm that stopped the run). */
  private String restoreReason;

  private String stopReason;
  private AlarmWatcher alarms;
  private boolean cancelled;

  /** The pass running now and how its engine states read in patch terms. */
  private Step passStep;

  private String retentionWorkflowId;
  private long deleteAtMillis;

  /** Set before the first CreateSnapshot: from then on the run may own snapshots. */
  private boolean snapshotsRequested;

  /** The steps a command engine sends. */
  enum Step {
    HEALTH("health-check"),
    SCAN("scan"),
    SNAPSHOT("snapshot"),
    INSTALL("install"),
    VALIDATE("validate"),
    REVALIDATE("revalidate"),
    /** An alarm stopped the run: the patched instances go back to their restore points. */
    RESTORE("restore");

    final String label;

    Step(String label) {
      this.label = label;
    }
  }

  /** One instance's place in the run (workflow-local state). */
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

  @Override
  public PatchResult result() {
    return finalResult;
  }

  private PatchResult finalResult;

  private record Outcome(PatchOutcome outcome, String message) {}

  @Override
  public PatchResult patch(PatchRequest input) {
    request = input;
    startMillis = Workflow.currentTimeMillis();
    runs = new FleetRun();
    alarms = new AlarmWatcher(request.alarms());
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
    finalResult = result(outcome);
    return finalResult;
  }

  private Outcome run() {
    validate();
    setPhase("resolving", "targets " + request.targets().describe());
    ResolvedTargets targets = fleet.resolveTargets(request.targets());
    ineligible.addAll(targets.skipped());
    for (String id : targets.eligible()) {
      slots.put(id, new Slot(id));
    }
    if (slots.isEmpty()) {
      return new Outcome(
          PatchOutcome.NO_TARGETS,
          "no eligible instance matched "
              + request.targets().describe()
              + " ("
              + ineligible.size()
              + " skipped); nothing"
              + " changed");
    }
    int total = slots.size();
    int concurrency = request.maxConcurrency().concurrencyFor(total);
    threshold = request.maxErrors().errorThresholdFor(total);
    return request.operation() == PatchOperation.SCAN ? scan(concurrency) : install(concurrency);
  }

  private void validate() {
    try {
      if (request.targets() == null || request.operation() == null) {
        throw new IllegalArgumentException("targets and operation are required");
      }
      if (request.maxConcurrency() == null || request.maxErrors() == null) {
        throw new IllegalArgumentException("max-concurrency and max-errors are required");
      }
      if (request.operation() == PatchOperation.INSTALL && request.rebootOption() == null) {
        throw new IllegalArgumentException("Install needs a reboot option");
      }
    } catch (IllegalArgumentException e) {
      // The CLI validates first; a request that still gets here fails at once, not forever.
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidRequest");
    }
  }

  // ---- Scan -----------------------------------------------------------------------------------

  private Outcome scan(int concurrency) {
    setPhase(
        "scanning",
        slots.size() + " instances, MaxConcurrency " + concurrency + ", MaxErrors " + threshold);
    pass(
        Step.SCAN,
        RunPlan.of(
            label(Step.SCAN),
            List.of(
                RunStep.patchBaseline(
                    Step.SCAN.label,
                    PatchOperation.SCAN.awsName(),
                    null,
                    null,
                    PATCH_TIMEOUT_SECONDS,
                    DELIVERY_TIMEOUT_SECONDS))),
        new ArrayList<>(slots.keySet()),
        concurrency,
        threshold);
    List<String> scanned = idsIn(PatchInstanceState.SCANNED);
    setPhase("finishing", "compliance of " + scanned.size() + " instances");
    List<Promise<List<InstanceCompliance>>> reports = new ArrayList<>();
    for (List<String> batch : batches(scanned)) {
      reports.add(Async.function(quick::compliance, List.copyOf(batch)));
    }
    for (Promise<List<InstanceCompliance>> p : reports) {
      try {
        for (InstanceCompliance c : p.get()) {
          Slot s = slots.get(c.instanceId());
          if (s == null) {
            continue;
          }
          s.compliance = c.report();
          if (c.report() == null) {
            s.reason = "scanned; no compliance data reported yet";
          }
        }
      } catch (ActivityFailure e) {
        rethrowCancel(e);
        log.warn("compliance not read: {}", why(e));
      }
    }
    int failed = count(PatchInstanceState.FAILED);
    skipNeverStarted();
    if (errors > threshold) {
      return new Outcome(
          PatchOutcome.FAILED,
          errors
              + " scan errors exceeded MaxErrors "
              + request.maxErrors()
              + " ("
              + threshold
              + "): "
              + firstFailure());
    }
    if (failed > 0) {
      return new Outcome(
          PatchOutcome.FAILED, failed + " of " + slots.size() + " scans failed: " + firstFailure());
    }
    int missing = 0;
    for (Slot s : slots.values()) {
      missing += s.compliance == null ? 0 : s.compliance.missingCount();
    }
    return new Outcome(
        PatchOutcome.SUCCEEDED,
        scanned.size() + " instances scanned, " + missing + " missing patches in all");
  }

  // ---- Install --------------------------------------------------------------------------------

  private Outcome install(int concurrency) {
    List<Slot> all = new ArrayList<>(slots.values());
    if (!request.healthCommands().isEmpty()) {
      setPhase("health-check", all.size() + " instances, MaxConcurrency " + concurrency);
      pass(
          Step.HEALTH,
          RunPlan.of(
              label(Step.HEALTH),
              List.of(
                  RunStep.shell(
                      Step.HEALTH.label, request.healthCommands(), HEALTH_TIMEOUT_SECONDS))),
          ids(all),
          concurrency,
          Integer.MAX_VALUE);
      List<Slot> unhealthy = all.stream().filter(s -> !s.healthy).toList();
      if (!unhealthy.isEmpty() && unhealthyPolicy() == UnhealthyPolicy.ABORT) {
        for (Slot s : all) {
          if (s.healthy) {
            skip(
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
    List<Slot> ready =
        all.stream().filter(s -> s.healthy && s.state == PatchInstanceState.PENDING).toList();
    String refused = alarms.checkAtStart();
    if (refused != null) {
      for (Slot s : all) {
        if (s.state == PatchInstanceState.PENDING) {
          skip(s, "not started: " + refused);
        }
      }
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
    // Per instance: its restore point right before its own install, then the install and the
    // validation; an instance that fails is restored from that point and validated again.
    List<RunStep> steps = new ArrayList<>();
    steps.add(RunStep.snapshot(Step.SNAPSHOT.label));
    steps.add(
        RunStep.patchBaseline(
            Step.INSTALL.label,
            PatchOperation.INSTALL.awsName(),
            request.rebootOption().awsName(),
            baselineSnapshotId,
            PATCH_TIMEOUT_SECONDS,
            DELIVERY_TIMEOUT_SECONDS));
    List<RunStep> undo = new ArrayList<>();
    undo.add(RunStep.restore("restore"));
    if (!request.validationCommands().isEmpty()) {
      steps.add(
          RunStep.shell(
              Step.VALIDATE.label, request.validationCommands(), VALIDATION_TIMEOUT_SECONDS));
      undo.add(
          RunStep.shell(
              Step.REVALIDATE.label, request.validationCommands(), VALIDATION_TIMEOUT_SECONDS));
    }
    RunPlan plan =
        RunPlan.of(label(Step.INSTALL), steps)
            .compensatedBy(undo)
            .taggedWith(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId());
    List<List<String>> waves =
        request.waves() == null ? List.of(ids(ready)) : request.waves().split(ids(ready));
    waveCount = request.waves() == null ? 0 : waves.size();
    for (int k = 1; k <= waves.size(); k++) {
      wave = request.waves() == null ? 0 : k;
      String prefix =
          request.waves() == null ? Step.INSTALL.label : Step.INSTALL.label + "-wave-" + k;
      if (request.waves() != null) {
        setPhase(
            "installing",
            "wave "
                + k
                + "/"
                + waves.size()
                + ": "
                + waves.get(k - 1).size()
                + " instances, MaxConcurrency "
                + concurrency
                + ", MaxErrors "
                + threshold);
      }
      CancellationScope watch =
          alarms.watchWhile("install wave " + k, () -> runs.stop(alarms.stopReason()));
      try {
        pass(
            Step.INSTALL,
            plan,
            waves.get(k - 1),
            concurrency,
            Math.max(0, threshold - errors),
            prefix);
      } finally {
        if (alarms.enabled()) {
          watch.cancel();
        }
      }
      if (request.waves() != null) {
        waveMetrics(k, waves.get(k - 1));
      }
      if (!alarms.fired() && errors <= threshold && stopReason == null && request.bake() != null) {
        setPhase(
            "baking",
            "after wave "
                + k
                + "/"
                + waves.size()
                + " for "
                + request.bake().toSeconds()
                + " s"
                + (alarms.enabled() ? ", alarms watched" : ""));
        bakeEndMillis = Workflow.currentTimeMillis() + request.bake().toMillis();
        alarms.watchUntil("bake after wave " + k, bakeEndMillis);
        bakeEndMillis = 0;
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
    skipNeverStarted();
    if (alarms.fired()) {
      restorePatched(concurrency, alarms.stopReason());
    }
    return installOutcome();
  }

  /** Per-wave metrics with a Wave dimension, so alarms can be built on them. */
  private void waveMetrics(int k, List<String> ids) {
    Notifications.putMetrics(
        notifications,
        request.metricsNamespace(),
        Map.of(
            "Operation",
            request.operation().awsName(),
            "Environment",
            request.environment(),
            "Wave",
            Integer.toString(k)),
        () -> {
          int succeeded = 0;
          int failed = 0;
          for (String id : ids) {
            PatchInstanceState state = slots.get(id).state;
            succeeded += state == PatchInstanceState.PATCHED ? 1 : 0;
            failed +=
                state == PatchInstanceState.ROLLED_BACK
                        || state == PatchInstanceState.ROLLBACK_FAILED
                    ? 1
                    : 0;
          }
          return List.of(
              new MetricDatum("InstancesSucceeded", succeeded, "Count"),
              new MetricDatum("InstancesFailed", failed, "Count"));
        },
        e -> log.warn("CloudWatch metrics of wave {} not put: {}", k, why(e)));
  }

  /**
   * An alarm stopped the run (as CodeDeploy does, every changed instance goes back): each instance
   * patched so far is restored from the restore point taken right before its install, then
   * validated again, under the same MaxConcurrency. Failed instances were restored already.
   */
  private void restorePatched(int concurrency, String why) {
    List<Slot> patched =
        slots.values().stream().filter(s -> s.state == PatchInstanceState.PATCHED).toList();
    if (patched.isEmpty()) {
      return;
    }
    setPhase(
        "rolling back",
        patched.size() + " patched instances restored from their pre-patch snapshots: " + why);
    List<RunStep> steps = new ArrayList<>();
    steps.add(RunStep.restore(Step.RESTORE.label));
    if (!request.validationCommands().isEmpty()) {
      steps.add(
          RunStep.shell(
              Step.REVALIDATE.label, request.validationCommands(), VALIDATION_TIMEOUT_SECONDS));
    }
    RunPlan plan =
        RunPlan.of(label(Step.RESTORE), steps)
            .taggedWith(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId());
    Map<String, List<String>> points = new TreeMap<>();
    patched.forEach(s -> points.put(s.instanceId, s.snapshotIds));
    restoreReason = why;
    passStep = Step.RESTORE;
    absorb(
        runs.run(
            FleetRunSpec.newBuilder(plan, ids(patched))
                .concurrency(concurrency)
                .childPrefix(Step.RESTORE.label)
                .summary(label(Step.RESTORE) + " in " + request.environment() + " after " + why)
                .restorePoints(points)
                .build()));
  }

  /** The request's policy; without one, production aborts and other environments skip. */
  private UnhealthyPolicy unhealthyPolicy() {
    if (request.unhealthyPolicy() != null) {
      return request.unhealthyPolicy();
    }
    return "production".equalsIgnoreCase(request.environment())
        ? UnhealthyPolicy.ABORT
        : UnhealthyPolicy.SKIP;
  }

  private String label(Step step) {
    return "patch " + request.operation().awsName() + " " + step.label;
  }

  private static List<String> ids(List<Slot> slots) {
    return slots.stream().map(s -> s.instanceId).toList();
  }

  /** Runs one pass of the engine and takes its final states. */
  private void pass(Step step, RunPlan plan, List<String> ids, int concurrency, int limit) {
    pass(step, plan, ids, concurrency, limit, step.label);
  }

  private void pass(
      Step step, RunPlan plan, List<String> ids, int concurrency, int limit, String childPrefix) {
    if (ids.isEmpty()) {
      return;
    }
    passStep = step;
    FleetRunSpec spec =
        FleetRunSpec.newBuilder(plan, ids)
            .concurrency(concurrency)
            .errorThreshold(limit)
            .launchCutoffMillis(step == Step.HEALTH ? 0 : request.launchCutoffMillis())
            .childPrefix(childPrefix)
            .summary(label(step) + " in " + request.environment())
            .build();
    absorb(runs.run(spec));
  }

  private void absorb(FleetRun.Result pass) {
    for (InstanceResult r : pass.instances().values()) {
      Slot s = slots.get(r.instanceId());
      if (s != null) {
        take(s, r);
      }
    }
    if (passStep != Step.HEALTH && passStep != Step.RESTORE) {
      errors += pass.errors();
      if (pass.stopReason() != null && stopReason == null) {
        stopReason = pass.stopReason();
      }
    }
  }

  /** An engine result in patch terms. */
  private void take(Slot s, InstanceResult r) {
    if (!r.snapshotIds().isEmpty()) {
      s.snapshotIds = r.snapshotIds();
    }
    String reason = clip(r.reason());
    if (r.state() == RunState.SKIPPED && reason != null && reason.startsWith("not started: ")) {
      reason = reason.substring("not started: ".length()); // "MaxErrors exceeded", "cutoff"
    }
    switch (passStep) {
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
    if (Step.SNAPSHOT.label.equals(step)) {
      return PatchInstanceState.SNAPSHOTTING;
    }
    return Step.VALIDATE.label.equals(step)
        ? PatchInstanceState.VALIDATING
        : PatchInstanceState.INSTALLING;
  }

  private Outcome installOutcome() {
    int patched = count(PatchInstanceState.PATCHED);
    int rolledBack = count(PatchInstanceState.ROLLED_BACK);
    int rollbackFailed = count(PatchInstanceState.ROLLBACK_FAILED);
    int skipped = count(PatchInstanceState.SKIPPED);
    String counts =
        patched
            + " patched, "
            + rolledBack
            + " rolled back, "
            + rollbackFailed
            + " rollback failed, "
            + skipped
            + " skipped of "
            + slots.size();
    if (rollbackFailed > 0) {
      return new Outcome(
          PatchOutcome.ROLLBACK_FAILED,
          "ROLLBACK FAILED on "
              + rollbackFailed
              + " instance"
              + (rollbackFailed == 1 ? "" : "s")
              + " (may be half patched: "
              + idsIn(PatchInstanceState.ROLLBACK_FAILED).get(0)
              + " "
              + slots.get(idsIn(PatchInstanceState.ROLLBACK_FAILED).get(0)).reason
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
              + firstFailure()
              + "); "
              + counts);
    }
    if (patched == 0) {
      return new Outcome(
          PatchOutcome.FAILED, "no instance was patched (" + firstFailure() + "); " + counts);
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
    for (Slot s : slots.values()) {
      if (!s.state.isFinal()) {
        skip(s, "cancelled");
      }
    }
    if (request.operation() == PatchOperation.INSTALL) {
      return installOutcome();
    }
    return new Outcome(
        PatchOutcome.CANCELLED,
        "cancelled during "
            + phase
            + ": "
            + count(PatchInstanceState.SCANNED)
            + " scanned of "
            + slots.size());
  }

  // ---- finishing ------------------------------------------------------------------------------

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
    String parentId = Workflow.getInfo().getWorkflowId();
    String runId = Workflow.getInfo().getRunId();
    String id = PatchIds.retentionWorkflowId(parentId);
    if (!startRetention(id, parentId, runId, retention)) {
      // The same patch intent ran before and its retention still waits: this run's own.
      String own = id + "-" + runId.substring(0, Math.min(8, runId.length()));
      if (!startRetention(own, parentId, runId, retention)) {
        log.error(
            "snapshot retention could not start; delete the snapshots tagged {}={} by" + " hand",
            PatchActivities.RUN_ID_TAG,
            runId);
        return;
      }
      id = own;
    }
    retentionWorkflowId = id;
    deleteAtMillis = Workflow.currentTimeMillis() + retention.toMillis();
  }

  private boolean startRetention(String id, String parentId, String runId, Duration retention) {
    SearchAttributes attributes = Workflow.getTypedSearchAttributes();
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .setStaticSummary(
                "delete the pre-patch snapshots of " + parentId + " after " + retention);
    if (attributes.size() > 0) {
      options.setTypedSearchAttributes(attributes);
    }
    SnapshotRetentionWorkflow child =
        Workflow.newChildWorkflowStub(SnapshotRetentionWorkflow.class, options.build());
    Async.function(
        child::retain, parentId, runId, retention, idsIn(PatchInstanceState.ROLLBACK_FAILED));
    try {
      // Started (not finished) before this run returns: an abandoned child must exist.
      Workflow.getWorkflowExecution(child).get();
      return true;
    } catch (TemporalFailure e) {
      log.warn("retention workflow {} not started: {}", id, e.getMessage());
      return false;
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
        () -> summary(outcome),
        e -> log.warn("SNS message not published: {}", why(e)));
    Notifications.putMetrics(
        notifications,
        request.metricsNamespace(),
        Map.of("Operation", request.operation().awsName(), "Environment", request.environment()),
        () ->
            List.of(
                new MetricDatum("InstancesPatched", count(PatchInstanceState.PATCHED), "Count"),
                new MetricDatum(
                    "InstancesRolledBack", count(PatchInstanceState.ROLLED_BACK), "Count"),
                new MetricDatum(
                    "RollbackFailures", count(PatchInstanceState.ROLLBACK_FAILED), "Count"),
                new MetricDatum("PatchDurationSeconds", durationSeconds(), "Seconds")),
        e -> log.warn("CloudWatch metrics not put: {}", why(e)));
  }

  private String summary(Outcome outcome) {
    StringBuilder b = new StringBuilder();
    b.append("Patch run ")
        .append(Workflow.getInfo().getWorkflowId())
        .append(": ")
        .append(outcome.outcome())
        .append('\n')
        .append(outcome.message())
        .append('\n');
    if (baselineSnapshotId != null) {
      b.append("Baseline snapshot id: ").append(baselineSnapshotId).append('\n');
    }
    int listed = 0;
    for (PatchInstanceState state :
        List.of(
            PatchInstanceState.ROLLBACK_FAILED,
            PatchInstanceState.ROLLED_BACK,
            PatchInstanceState.FAILED)) {
      for (Slot s : slots.values()) {
        if (s.state == state && listed++ < 20) {
          b.append(state).append(' ').append(s.instanceId).append(": ").append(s.reason);
          if (state == PatchInstanceState.ROLLBACK_FAILED && !s.snapshotIds.isEmpty()) {
            b.append(" (pre-patch snapshots ").append(s.snapshotIds).append(')');
          }
          b.append('\n');
        }
      }
    }
    if (retentionWorkflowId != null) {
      b.append("Pre-patch snapshots deleted by ")
          .append(retentionWorkflowId)
          .append(" after ")
          .append(
              request.snapshotRetention() == null ? DEFAULT_RETENTION : request.snapshotRetention())
          .append('\n');
    }
    b.append("Duration: ").append(durationSeconds()).append(" s\n");
    return b.toString();
  }

  // ---- results and queries --------------------------------------------------------------------

  private PatchResult result(Outcome outcome) {
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
        outcome.outcome(),
        outcome.message(),
        request.operation(),
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
        durationSeconds());
  }

  @Override
  public PatchProgress progress() {
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
        take(s, r);
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
        wave,
        waveCount,
        bakeEndMillis == 0
            ? 0
            : Math.max(0, (bakeEndMillis - Workflow.currentTimeMillis() + 999) / 1000),
        alarms == null ? List.of() : alarms.states());
  }

  @Override
  public List<InstancePatchResult> instances(int offset, int limit) {
    List<Slot> all = new ArrayList<>(slots.values());
    int from = Math.max(0, Math.min(offset, all.size()));
    int to = Math.min(all.size(), from + Math.max(0, Math.min(limit, MAX_PAGE)));
    List<InstancePatchResult> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(all.get(i).result());
    }
    return out;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static boolean isFailure(PatchInstanceState state) {
    return state == PatchInstanceState.FAILED
        || state == PatchInstanceState.ROLLED_BACK
        || state == PatchInstanceState.ROLLBACK_FAILED;
  }

  private void skipNeverStarted() {
    String why = stopReason == null ? "not started" : stopReason;
    for (Slot s : slots.values()) {
      if (s.state == PatchInstanceState.PENDING) {
        skip(s, why);
      }
    }
  }

  private void skip(Slot s, String reason) {
    s.state = PatchInstanceState.SKIPPED;
    s.reason = clip(reason);
  }

  private int count(PatchInstanceState state) {
    int n = 0;
    for (Slot s : slots.values()) {
      n += s.state == state ? 1 : 0;
    }
    return n;
  }

  private List<String> idsIn(PatchInstanceState state) {
    List<String> ids = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (s.state == state) {
        ids.add(s.instanceId);
      }
    }
    return ids;
  }

  private String firstFailure() {
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

  private static List<List<String>> batches(List<String> ids) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += BATCH) {
      out.add(ids.subList(i, Math.min(ids.size(), i + BATCH)));
    }
    return out;
  }

  private static List<List<Slot>> partition(List<Slot> group) {
    List<List<Slot>> out = new ArrayList<>();
    for (int i = 0; i < group.size(); i += BATCH) {
      out.add(group.subList(i, Math.min(group.size(), i + BATCH)));
    }
    return out;
  }

  /** Starts the activity call in a detached cancellation scope. */
  private static <T> Promise<T> detached(java.util.function.Supplier<Promise<T>> call) {
    List<Promise<T>> holder = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> holder.add(call.get())).run();
    return holder.get(0);
  }

  /** A cancelled activity surfaces as the run's cancellation (handled in {@link #patch}). */
  private static void rethrowCancel(ActivityFailure e) {
    if (e.getCause() instanceof CanceledFailure c) {
      throw c;
    }
  }

  private static String why(TemporalFailure e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message =
        cause instanceof ApplicationFailure a ? a.getOriginalMessage() : cause.getMessage();
    return clip(message == null ? cause.getClass().getSimpleName() : message);
  }

  private static String clip(String s) {
    return s == null || s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON - 3) + "...";
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
