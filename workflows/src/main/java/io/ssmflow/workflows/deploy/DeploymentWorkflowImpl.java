package io.ssmflow.workflows.deploy;

import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.alarm.AlarmWatcher;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetStream;
import io.ssmflow.workflows.fleetrun.FleetRun;
import io.ssmflow.workflows.fleetrun.FleetRunSpec;
import io.ssmflow.workflows.fleetrun.InstanceResult;
import io.ssmflow.workflows.fleetrun.RunCounts;
import io.ssmflow.workflows.fleetrun.RunPlan;
import io.ssmflow.workflows.fleetrun.RunState;
import io.ssmflow.workflows.fleetrun.RunStep;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.notify.Notifications;
import io.ssmflow.workflows.parameterstore.ParameterActivities;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * A rolling deployment: resolve targets, read the current version, deploy the canary alone, wait
 * for approval, roll out the rest under MaxConcurrency / MaxErrors, apply the failure policy,
 * record the versions, notify.
 *
 * <p>Each phase is one pass of the fleet-run engine ({@link FleetRun}): this workflow holds the
 * launch window (so MaxErrors is exact over any number of slices, and pause, resume, stop and the
 * cutoff act here, never by signalling a slice's run) and the final state of every instance; the
 * slices own the per-instance steps (deploy steps, health check, rollback of an instance whose step
 * failed).
 *
 * <p>Cancel: launching stops, the slices' in-flight instances finish (a failing one is rolled
 * back), then the failure policy applies, all in a detached cancellation scope. Temporal's Java SDK
 * closes a workflow whose cancel was requested as Canceled whatever it returns, so the CANCELLED
 * summary reaches people through SNS and the {@code progress} / {@code instances} queries (which
 * still answer on the closed workflow), not through the result.
 */
public class DeploymentWorkflowImpl implements DeploymentWorkflow {
  static final int PAGE = 100;
  static final int ALL_INSTANCES_UP_TO = 1_000;

  private static final Logger log = Workflow.getLogger(DeploymentWorkflowImpl.class);

  private final FleetActivities fleet =
      Workflow.newActivityStub(FleetActivities.class, DeploymentActivityOptions.fleet());
  private final ParameterActivities parameters =
      Workflow.newActivityStub(ParameterActivities.class, DeploymentActivityOptions.parameters());
  private final NotificationActivities notifications =
      Workflow.newActivityStub(
          NotificationActivities.class, DeploymentActivityOptions.notifications());

  private DeploymentRequest request;
  private FleetRun runs;
  private long startMillis;
  private String phase = "resolving";
  private String detail = "";
  private List<String> eligible = List.of();
  private List<SkippedInstance> ineligible = List.of();

  /** Set while the rollout starts on the first pages of targets (the rest still resolving). */
  private TargetStream streaming;

  /** Final per-instance results of finished passes (later passes overwrite earlier ones). */
  private final Map<String, InstanceProgress> results = new TreeMap<>();

  /** Instances whose deploy step failed (they count as failed even once rolled back). */
  private final Set<String> failedIds = new HashSet<>();

  /** The pass running now: deploy (true) or the failure policy's rollback (false). */
  private boolean deploying = true;

  private int errors;
  private String previousVersion;
  private DeploymentSpec rendered;
  private boolean awaitingApproval;
  private Approval decision;
  private boolean approved;
  private AlarmWatcher alarms;

  /** The wave running or last run (1-based), and how many the plan has. */
  private int wave;

  private int waveCount;

  /** When the running bake ends (epoch millis), 0 when not baking. */
  private long bakeEndMillis;

  /** The request's launch cutoff has passed: no instance starts any more. */
  private boolean cutoffReached;

  @Override
  public DeploymentResult deploy(DeploymentRequest input) {
    request = input;
    startMillis = Workflow.currentTimeMillis();
    runs = new FleetRun();
    alarms = new AlarmWatcher(request.alarms());
    watchLaunchCutoff();
    Outcome outcome;
    try {
      outcome = run();
    } catch (CanceledFailure e) {
      // Clean up in a detached scope (as in the bookingsaga sample): the pass running finishes
      // its in-flight instances, then the failure policy applies.
      Outcome[] holder = new Outcome[1];
      Workflow.newDetachedCancellationScope(() -> holder[0] = afterCancel()).run();
      outcome = holder[0];
    }
    Outcome end = outcome;
    Workflow.newDetachedCancellationScope(
            () -> {
              finish(end);
              unlock();
            })
        .run();
    finalResult = result(outcome);
    return finalResult;
  }

  @Override
  public DeploymentResult result() {
    return finalResult;
  }

  private DeploymentResult finalResult;

  private record Outcome(DeploymentOutcome outcome, String message) {}

  /** A maintenance window's cutoff also ends the approval gate (0 = no cutoff). */
  private void watchLaunchCutoff() {
    long cutoff = request.launchCutoffMillis();
    if (cutoff == 0) {
      return;
    }
    long wait = cutoff - Workflow.currentTimeMillis();
    if (wait <= 0) {
      cutoffReached = true;
      return;
    }
    Workflow.newTimer(Duration.ofMillis(wait))
        .thenApply(
            ignored -> {
              cutoffReached = true;
              return ignored;
            });
  }

  private Outcome cutOff(List<String> notStarted) {
    skipAll(notStarted, DeploymentRequest.CUTOFF);
    return new Outcome(
        DeploymentOutcome.FAILED,
        "stopped: the window's launch cutoff passed"
            + " before "
            + notStarted.size()
            + " instance"
            + (notStarted.size() == 1 ? "" : "s")
            + " started");
  }

  private Outcome run() {
    try {
      SpecTemplates.validate(request.spec());
      new TemplateValues(request.app(), request.version(), request.environment(), null);
      request.toBuilder().build();
    } catch (IllegalArgumentException e) {
      // The CLI validates first; a request that still gets here fails at once, not forever.
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidRequest");
    }
    String holder = lock();
    if (holder != null) {
      return new Outcome(DeploymentOutcome.REFUSED, holder);
    }
    setPhase("resolving", "targets " + request.targets().describe());
    boolean early = startsOnFirstPage();
    TargetStream targets =
        TargetStream.start(
            fleet,
            request.targets(),
            early
                ? Math.min(TargetStream.FULL_PAGE, request.maxConcurrency().concurrencyFor(1))
                : TargetStream.FULL_PAGE);
    ineligible = targets.skipped();
    if (early) {
      targets.awaitFirst();
      eligible = targets.ids();
      streaming = targets.complete() ? null : targets;
    } else {
      targets.awaitAll();
      eligible = targets.sortedEligible();
    }
    if (eligible.isEmpty()) {
      return new Outcome(
          DeploymentOutcome.NO_TARGETS,
          "no eligible instance matched "
              + request.targets().describe()
              + " ("
              + ineligible.size()
              + " skipped)");
    }
    int total = eligible.size();
    int concurrency = request.maxConcurrency().concurrencyFor(total);
    int threshold = request.maxErrors().errorThresholdFor(total);
    previousVersion = parameters.getString(versionParameter("current-version"));
    try {
      rendered =
          SpecTemplates.render(
              request.spec(),
              new TemplateValues(
                  request.app(), request.version(), request.environment(), previousVersion));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidSpec");
    }

    String refused = alarms.checkAtStart();
    if (refused != null) {
      Workflow.await(targets::complete); // every instance listed as not started
      skipAll(eligible, "not started: " + refused);
      return new Outcome(DeploymentOutcome.REFUSED, "refused: " + refused);
    }
    return waves(total, concurrency, threshold);
  }

  /**
   * The waves in order (docs/waves.md): each one pass under the MaxConcurrency window, with one
   * MaxErrors budget over all of them; after each, the bake (alarms watched) and, after the chosen
   * one, the approval gate. A request without a wave plan runs the canary (every canary must
   * succeed), then the rest.
   */
  private Outcome waves(int total, int concurrency, int threshold) {
    List<List<String>> plan =
        streaming != null ? List.of(eligible) : request.wavePlan().split(eligible);
    waveCount = plan.size();
    boolean canaryGate = request.waves() == null && request.canaryCount() > 0;
    int approvalWave =
        !request.approvalRequired()
            ? -1
            : request.approveAfterWave() > 0
                ? request.approveAfterWave()
                : canaryGate || plan.size() > 1 ? 1 : 0;
    if (approvalWave > plan.size()) {
      log.warn(
          "approve-after-wave {}: the plan has {} waves, no approval gate",
          approvalWave,
          plan.size());
    }
    if (approvalWave == 0) {
      Outcome o = gate(eligible);
      if (o != null) {
        return o;
      }
    }
    for (int k = 1; k <= plan.size(); k++) {
      List<String> ids = plan.get(k - 1);
      List<String> later = new ArrayList<>();
      plan.subList(k, plan.size()).forEach(later::addAll);
      wave = k;
      boolean canary = canaryGate && k == 1;
      String prefix = request.waves() != null ? "wave-" + k : canary ? "canary" : "rollout";
      int budget = canary ? 0 : Math.max(0, threshold - errors);
      String stop;
      if (canary) {
        setPhase("canary", ids.size() + " canary instance" + (ids.size() == 1 ? "" : "s"));
        stop = watchedPass(prefix, ids, ids.size(), budget, "canary");
      } else {
        setPhase(
            "rolling-out",
            (request.waves() == null ? "" : "wave " + k + "/" + waveCount + ": ")
                + ids.size()
                + (streaming != null && !streaming.complete() ? "+ (resolving the rest)" : "")
                + " instances, MaxConcurrency "
                + concurrency
                + ", MaxErrors "
                + threshold);
        stop = watchedPass(prefix, ids, concurrency, budget, "wave " + k);
      }
      if (request.waves() != null) {
        waveMetrics(k, ids);
      }
      if (alarms.fired()) {
        return alarmStop(later);
      }
      if (canary) {
        List<String> bad =
            ids.stream()
                .filter(
                    id ->
                        results.get(id) == null
                            || results.get(id).state() != InstanceState.SUCCEEDED)
                .toList();
        if (!bad.isEmpty()) {
          // A canary that did not succeed (failed, undelivered, skipped) fails the canary gate.
          skipAll(later, "not started: canary failed");
          InstanceProgress first = results.get(bad.get(0));
          return new Outcome(
              DeploymentOutcome.FAILED,
              "canary failed: "
                  + bad.get(0)
                  + " "
                  + (first == null ? "did not run" : first.state() + ": " + first.reason()));
        }
      } else {
        if (errors > threshold) {
          skipAll(later, "not started: MaxErrors exceeded");
          return new Outcome(
              DeploymentOutcome.FAILED,
              errors
                  + " errors exceeded MaxErrors "
                  + request.maxErrors()
                  + " ("
                  + threshold
                  + "): "
                  + firstFailure());
        }
        if (DeploymentRequest.CUTOFF.equals(stop)) {
          skipAll(later, DeploymentRequest.CUTOFF);
          return new Outcome(
              DeploymentOutcome.FAILED,
              "stopped: the window's launch cutoff"
                  + " passed ("
                  + count(InstanceState.SKIPPED)
                  + " instances not started)");
        }
        if (stop != null) {
          skipAll(later, "not started: " + stop);
          return new Outcome(DeploymentOutcome.FAILED, "stopped: " + stop);
        }
      }
      if (bake(k)) {
        return alarmStop(later);
      }
      if (cutoffReached && !later.isEmpty()) {
        return cutOff(later);
      }
      if (k == approvalWave) {
        Outcome o = gate(later);
        if (o != null) {
          return o;
        }
      }
    }
    if (count(InstanceState.SUCCEEDED) == 0) {
      return new Outcome(DeploymentOutcome.FAILED, "no instance was deployed");
    }
    int failed = failedIds.size();
    String tolerated =
        failed == 0 ? "" : " (" + failed + " failed within MaxErrors " + request.maxErrors() + ")";
    return new Outcome(
        DeploymentOutcome.SUCCEEDED,
        count(InstanceState.SUCCEEDED)
            + " of "
            + total
            + " instances on "
            + request.version()
            + tolerated);
  }

  /** The approval gate before {@code later} start; answers how the run ends, or null. */
  private Outcome gate(List<String> later) {
    Outcome rejected = awaitApproval();
    if (rejected == null && cutoffReached && decision == null) {
      return cutOff(later);
    }
    if (rejected != null) {
      skipAll(later, "not started: " + rejected.message());
      return rejected;
    }
    return null;
  }

  /** One pass with the alarms watched meanwhile: an alarm stops launching. */
  private String watchedPass(
      String prefix, List<String> ids, int concurrency, int budget, String what) {
    CancellationScope watch = alarms.watchWhile(what, () -> runs.stop(alarms.stopReason()));
    try {
      return pass(prefix, plan(), ids, concurrency, budget);
    } finally {
      if (alarms.enabled()) {
        watch.cancel();
      }
    }
  }

  /** The bake after wave {@code k}, alarms watched; answers whether an alarm fired. */
  private boolean bake(int k) {
    Duration bake = request.bakeTime();
    if (bake.isZero()) {
      return false;
    }
    setPhase(
        "baking",
        "after wave "
            + k
            + "/"
            + waveCount
            + " for "
            + bake.toSeconds()
            + " s"
            + (alarms.enabled() ? ", alarms watched" : ""));
    bakeEndMillis = Workflow.currentTimeMillis() + bake.toMillis();
    try {
      alarms.watchUntil("bake after wave " + k, bakeEndMillis);
    } finally {
      bakeEndMillis = 0;
    }
    return alarms.fired();
  }

  private Outcome alarmStop(List<String> later) {
    skipAll(later, "not started: " + alarms.stopReason());
    return new Outcome(DeploymentOutcome.FAILED, "stopped: " + alarms.stopReason());
  }

  /** Per-wave metrics with a Wave dimension, so alarms can be built on them. */
  private void waveMetrics(int k, List<String> ids) {
    Notifications.putMetrics(
        notifications,
        request.metricsNamespace(),
        Map.of(
            "App",
            request.app(),
            "Environment",
            request.environment(),
            "Wave",
            Integer.toString(k)),
        () -> {
          int succeeded = 0;
          int failed = 0;
          for (String id : ids) {
            InstanceProgress p = results.get(id);
            succeeded += p != null && p.state() == InstanceState.SUCCEEDED ? 1 : 0;
            failed += failedIds.contains(id) ? 1 : 0;
          }
          return List.of(
              new MetricDatum("InstancesSucceeded", succeeded, "Count"),
              new MetricDatum("InstancesFailed", failed, "Count"));
        },
        e -> log.warn("CloudWatch metrics of wave {} not put: {}", k, causeMessage(e)));
  }

  /** Releases the lock (if this deployment holds it) and waits until it has ended. */
  private void unlock() {
    if (lock == null) {
      return;
    }
    try {
      lock.release();
      lockHeld.get();
    } catch (TemporalFailure e) {
      log.warn(
          "lock {} not released: {}",
          DeploymentIds.lockId(request.app(), request.environment()),
          e.getMessage());
    }
  }

  private DeploymentLock lock;
  private Promise<Void> lockHeld;

  /**
   * Takes the app's lock in this environment (a child that lives as long as this deployment);
   * answers why not when another deployment of the app to the environment holds it.
   */
  private String lock() {
    String id = DeploymentIds.lockId(request.app(), request.environment());
    List<Promise<Void>> held = new ArrayList<>(1);
    List<DeploymentLock> stub = new ArrayList<>(1);
    // Detached: a cancelled deployment keeps its lock until its cleanup is done.
    Workflow.newDetachedCancellationScope(
            () -> {
              stub.add(
                  Workflow.newChildWorkflowStub(
                      DeploymentLock.class,
                      ChildWorkflowOptions.newBuilder()
                          .setWorkflowId(id)
                          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
                          .setStaticSummary("held by " + Workflow.getInfo().getWorkflowId())
                          .build()));
              held.add(Async.procedure(stub.get(0)::hold, Workflow.getInfo().getWorkflowId()));
            })
        .run();
    try {
      Workflow.getWorkflowExecution(stub.get(0)).get();
      lock = stub.get(0);
      lockHeld = held.get(0);
      return null;
    } catch (ChildWorkflowFailure e) {
      log.info("another deployment holds {}: refused", id);
      return "refused: another deployment of "
          + request.app()
          + " to "
          + request.environment()
          + " is running (it holds "
          + id
          + ")";
    }
  }

  private Outcome awaitApproval() {
    setPhase("awaiting-approval", "approve or reject within " + request.approvalTimeout());
    awaitingApproval = true;
    Duration timeout =
        request.approvalTimeout() == null ? Duration.ofHours(24) : request.approvalTimeout();
    boolean decided = Workflow.await(timeout, () -> decision != null || cutoffReached);
    awaitingApproval = false;
    if (decision == null && cutoffReached) {
      log.info("approval gate: the launch cutoff passed before a decision");
      return null;
    }
    if (!decided) {
      decision = new Approval("ssmflow", "no decision within " + timeout);
      approved = false;
    }
    log.info(
        "approval gate: {} by {} ({})",
        approved ? "approved" : "rejected",
        decision.approver(),
        decision.reason());
    if (approved) {
      return null;
    }
    if (!decided) {
      return new Outcome(DeploymentOutcome.REJECTED, "approval timed out after " + timeout);
    }
    return new Outcome(
        DeploymentOutcome.REJECTED,
        "rejected by "
            + decision.approver()
            + (decision.reason() == null || decision.reason().isBlank()
                ? ""
                : ": " + decision.reason()));
  }

  private Outcome afterCancel() {
    awaitingApproval = false;
    absorb(runs.drain("cancelled"));
    for (String id : eligible) {
      results.putIfAbsent(
          id, new InstanceProgress(id, InstanceState.SKIPPED, null, "not started: cancelled"));
    }
    return new Outcome(DeploymentOutcome.CANCELLED, "cancelled during " + phase);
  }

  /** Applies the failure policy, records versions on success, notifies. */
  private void finish(Outcome outcome) {
    DeploymentOutcome o = outcome.outcome();
    boolean failedRun =
        o == DeploymentOutcome.FAILED
            || o == DeploymentOutcome.REJECTED
            || o == DeploymentOutcome.CANCELLED;
    if (failedRun && request.failurePolicy() == FailurePolicy.ROLLBACK_ALL) {
      List<String> succeeded = idsIn(InstanceState.SUCCEEDED);
      if (!succeeded.isEmpty()) {
        setPhase("rolling-back", succeeded.size() + " succeeded instances (rollback-all)");
        int concurrency = request.maxConcurrency().concurrencyFor(eligible.size());
        deploying = false;
        pass(
            "rollback",
            RunPlan.of(
                "rollback " + request.app() + " " + request.version(),
                List.of(step(rendered.rollback()))),
            succeeded,
            concurrency,
            Integer.MAX_VALUE);
      }
    }
    setPhase("finishing", o.name());
    if (o == DeploymentOutcome.SUCCEEDED) {
      Map<String, String> values = new TreeMap<>();
      values.put(versionParameter("current-version"), request.version());
      if (previousVersion != null && !previousVersion.equals(request.version())) {
        values.put(versionParameter("previous-version"), previousVersion);
      }
      parameters.putStrings(
          values, Map.of("App", request.app(), "Environment", request.environment()));
    }
    notifyPeople(outcome);
    setPhase("done", o.name());
  }

  private void notifyPeople(Outcome outcome) {
    String subject =
        "ssmflow deploy "
            + request.app()
            + " "
            + request.version()
            + " to "
            + request.environment()
            + ": "
            + outcome.outcome();
    Notifications.publish(
        notifications,
        request.snsTopicArn(),
        subject,
        () -> summary(outcome),
        e -> log.warn("SNS summary not published: {}", causeMessage(e)));
    Notifications.putMetrics(
        notifications,
        request.metricsNamespace(),
        Map.of("App", request.app(), "Environment", request.environment()),
        () ->
            List.of(
                new MetricDatum("InstancesSucceeded", count(InstanceState.SUCCEEDED), "Count"),
                new MetricDatum("InstancesFailed", failedIds.size(), "Count"),
                new MetricDatum("InstancesRolledBack", count(InstanceState.ROLLED_BACK), "Count"),
                new MetricDatum("DeploymentDurationSeconds", durationSeconds(), "Seconds")),
        e -> log.warn("CloudWatch metrics not put: {}", causeMessage(e)));
  }

  private static String causeMessage(ActivityFailure e) {
    return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
  }

  private String summary(Outcome outcome) {
    StringBuilder b = new StringBuilder();
    b.append("Deployment ")
        .append(Workflow.getInfo().getWorkflowId())
        .append(": ")
        .append(outcome.outcome())
        .append('\n')
        .append(outcome.message())
        .append('\n')
        .append("targets: ")
        .append(request.targets().describe())
        .append('\n')
        .append("previous version: ")
        .append(previousVersion == null ? "none" : previousVersion)
        .append('\n')
        .append("eligible ")
        .append(eligible.size())
        .append(", succeeded ")
        .append(count(InstanceState.SUCCEEDED))
        .append(", failed ")
        .append(failedIds.size())
        .append(", rolled back ")
        .append(count(InstanceState.ROLLED_BACK))
        .append(", rollback failed ")
        .append(count(InstanceState.ROLLBACK_FAILED))
        .append(", skipped ")
        .append(count(InstanceState.SKIPPED) + ineligible.size())
        .append('\n')
        .append("duration: ")
        .append(durationSeconds())
        .append(" s\n");
    if (request.waves() != null) {
      b.append("waves: ")
          .append(request.waves())
          .append(" (")
          .append(waveCount)
          .append(" waves, stopped after wave ")
          .append(wave)
          .append(")\n");
    }
    AlarmState alarm = alarms.trigger();
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
    if (decision != null) {
      b.append("approval: ")
          .append(approved ? "approved" : "rejected")
          .append(" by ")
          .append(decision.approver())
          .append('\n');
    }
    int shown = 0;
    for (InstanceProgress p : results.values()) {
      if (isFailure(p) && shown++ < 20) {
        b.append(p.instanceId())
            .append(' ')
            .append(p.state())
            .append(": ")
            .append(p.reason())
            .append('\n');
      }
    }
    return b.toString();
  }

  /** Runs one pass of the engine over {@code ids}; answers why launching stopped, or null. */
  private String pass(
      String prefix, RunPlan plan, List<String> ids, int concurrency, int threshold) {
    if (ids.isEmpty()) {
      return null;
    }
    String what = deploying ? "deploy " : "roll back ";
    FleetRunSpec spec =
        FleetRunSpec.newBuilder(plan, ids)
            .concurrency(concurrency)
            .errorThreshold(threshold)
            .launchCutoffMillis(deploying ? request.launchCutoffMillis() : 0)
            .childPrefix(prefix)
            .summary(
                what
                    + request.app()
                    + " "
                    + request.version()
                    + " in "
                    + request.environment()
                    + " ("
                    + prefix
                    + ")")
            .build();
    return absorb(runs.run(spec, deploying ? streaming : null));
  }

  /**
   * Whether the rollout may start on the first page of targets while the rest is resolved: only one
   * pass over every instance, with absolute MaxConcurrency and MaxErrors (a percentage, waves, a
   * canary or an approval before the start need the whole fleet first).
   */
  private boolean startsOnFirstPage() {
    return request.waves() == null
        && request.canaryCount() == 0
        && !request.approvalRequired()
        && !request.maxConcurrency().percent()
        && !request.maxErrors().percent();
  }

  /** Takes a pass's final states into the deployment's view; answers its stop reason. */
  private String absorb(FleetRun.Result pass) {
    for (InstanceResult r : pass.instances().values()) {
      results.put(r.instanceId(), view(r));
      if (deploying && r.failed()) {
        failedIds.add(r.instanceId());
      }
    }
    if (deploying) {
      errors += pass.errors();
    }
    return pass.stopReason();
  }

  /** The deploy steps, the health check last, and the rollback of an instance that failed. */
  private RunPlan plan() {
    List<RunStep> steps = new ArrayList<>();
    rendered.steps().forEach(x -> steps.add(step(x)));
    steps.add(step(rendered.healthCheck()));
    RunPlan plan = RunPlan.of("deploy " + request.app() + " " + request.version(), steps);
    return rendered.rollback() == null
        ? plan
        : plan.compensatedBy(List.of(step(rendered.rollback())));
  }

  private static RunStep step(DeploymentStep s) {
    return RunStep.shell(s.name(), s.commands(), s.timeoutSeconds())
        .withAttempts(s.attempts(), s.retryDelay());
  }

  /** An engine state in deployment terms (a rollback pass's success is a rollback). */
  private InstanceProgress view(InstanceResult r) {
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

  private void skipAll(List<String> ids, String reason) {
    for (String id : ids) {
      results.putIfAbsent(id, new InstanceProgress(id, InstanceState.SKIPPED, null, reason));
    }
  }

  private void setPhase(String name, String line) {
    phase = name;
    detail = line;
    Workflow.setCurrentDetails(name + ": " + line);
  }

  private String versionParameter(String leaf) {
    return "/" + request.app() + "/" + request.environment() + "/" + leaf;
  }

  private int count(InstanceState state) {
    int n = 0;
    for (InstanceProgress p : results.values()) {
      n += p.state() == state ? 1 : 0;
    }
    return n;
  }

  private List<String> idsIn(InstanceState state) {
    List<String> ids = new ArrayList<>();
    for (InstanceProgress p : results.values()) {
      if (p.state() == state) {
        ids.add(p.instanceId());
      }
    }
    return ids;
  }

  private static boolean isFailure(InstanceProgress p) {
    return p.state() == InstanceState.FAILED
        || p.state() == InstanceState.ROLLBACK_FAILED
        || (p.state() == InstanceState.ROLLED_BACK
            && p.reason() != null
            && !p.reason().startsWith("rolled back by the failure policy"));
  }

  private String firstFailure() {
    for (InstanceProgress p : results.values()) {
      if (isFailure(p)) {
        return p.instanceId() + " " + p.reason();
      }
    }
    return "see the instances";
  }

  private long durationSeconds() {
    return (Workflow.currentTimeMillis() - startMillis) / 1000;
  }

  private DeploymentResult result(Outcome outcome) {
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
    String current =
        outcome.outcome() == DeploymentOutcome.SUCCEEDED ? request.version() : previousVersion;
    return new DeploymentResult(
        outcome.outcome(),
        outcome.message(),
        previousVersion,
        current,
        eligible.size(),
        count(InstanceState.SUCCEEDED),
        failedIds.size(),
        count(InstanceState.ROLLED_BACK),
        count(InstanceState.ROLLBACK_FAILED),
        skipped,
        instances,
        decision,
        durationSeconds(),
        alarms == null ? null : alarms.trigger());
  }

  @Override
  public DeploymentProgress progress() {
    Map<String, InstanceProgress> all = current();
    int succeeded = 0;
    int skipped = ineligible.size();
    int rolledBack = 0;
    int inFlight = 0;
    int pending = 0;
    int failed = 0;
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
    failed = failedIds.size();
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
        wave,
        waveCount,
        bakeEndMillis == 0
            ? 0
            : Math.max(0, (bakeEndMillis - Workflow.currentTimeMillis() + 999) / 1000),
        alarms == null ? List.of() : alarms.states());
  }

  @Override
  public List<InstanceProgress> instances(int offset, int limit) {
    return page(current(), offset, limit, false);
  }

  /**
   * Every eligible instance as known now: the final state of finished passes, overlaid with the
   * running pass's finished instances; the rest of the running pass is in flight (its slices hold
   * the detail) or pending.
   */
  private Map<String, InstanceProgress> current() {
    Map<String, InstanceProgress> all = new LinkedHashMap<>();
    RunCounts counts = runs == null ? null : runs.counts();
    Map<String, InstanceResult> live = runs == null ? Map.of() : runs.finished();
    for (String id : eligible) {
      InstanceResult r = live.get(id);
      InstanceProgress p = r != null ? view(r) : results.get(id);
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

  /** A page in id order, or (failuresFirst) failures then the rest. */
  private static List<InstanceProgress> page(
      Map<String, InstanceProgress> view, int offset, int limit, boolean failuresFirst) {
    int cap = Math.max(0, Math.min(limit, 1_000));
    List<InstanceProgress> all = new ArrayList<>(view.values());
    if (failuresFirst) {
      List<InstanceProgress> ordered = new ArrayList<>();
      all.stream().filter(DeploymentWorkflowImpl::isFailure).forEach(ordered::add);
      all.stream().filter(p -> !isFailure(p)).forEach(ordered::add);
      all = ordered;
    }
    int from = Math.max(0, Math.min(offset, all.size()));
    return new ArrayList<>(all.subList(from, Math.min(all.size(), from + cap)));
  }

  @Override
  public void pause() {
    if (runs != null) {
      runs.pause();
    }
  }

  @Override
  public void resume() {
    if (runs != null) {
      runs.resume();
    }
  }

  @Override
  public String approve(Approval approval) {
    decision = approval;
    approved = true;
    awaitingApproval = false;
    return "approved by " + approval.approver();
  }

  @Override
  public void validateApprove(Approval approval) {
    validateDecision(approval);
  }

  @Override
  public String reject(Approval approval) {
    decision = approval;
    approved = false;
    awaitingApproval = false;
    return "rejected by " + approval.approver();
  }

  @Override
  public void validateReject(Approval approval) {
    validateDecision(approval);
  }

  private void validateDecision(Approval approval) {
    if (!awaitingApproval) {
      throw new IllegalStateException("no approval is awaited (phase " + phase + ")");
    }
    if (approval == null || approval.approver() == null || approval.approver().isBlank()) {
      throw new IllegalArgumentException("an approval names its approver");
    }
  }
}
