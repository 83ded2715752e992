package io.ssmflow.workflows.deploy;

import io.ssmflow.workflows.alarm.AlarmWatcher;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.TargetStream;
import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.fleetrun.FleetRun;
import io.ssmflow.workflows.fleetrun.FleetRunSpec;
import io.ssmflow.workflows.fleetrun.RunPlan;
import io.ssmflow.workflows.fleetrun.RunStep;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.notify.Notifications;
import io.ssmflow.workflows.parameterstore.ParameterActivities;
import io.ssmflow.workflows.wave.WaveRunner;
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
 * <p>This class holds the flow's own decisions: the lock, the canary and approval gates, when a
 * wave's end stops the run, the failure policy, the versions. {@link DeploymentView} keeps the
 * instances' states and renders the queries, the result and the summary; {@link WaveRunner} (shared
 * with patch) runs a wave's pass with the alarms watched and bakes after it; {@link ApprovalGate}
 * and {@link LockHolder} hold the approval and the app's lock.
 *
 * <p>Cancel: launching stops, the slices' in-flight instances finish (a failing one is rolled
 * back), then the failure policy applies, all in a detached cancellation scope. Temporal's Java SDK
 * closes a workflow whose cancel was requested as Canceled whatever it returns, so the CANCELLED
 * summary reaches people through SNS and the {@code progress} / {@code instances} queries (which
 * still answer on the closed workflow), not through the result.
 */
public class DeploymentWorkflowImpl implements DeploymentWorkflow {
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

  /** Every instance's state, and what the queries, the result and the summary show of them. */
  private final DeploymentView view = new DeploymentView();

  private final ApprovalGate approval = new ApprovalGate();

  /** Set while the rollout starts on the first pages of targets (the rest still resolving). */
  private TargetStream streaming;

  /** The pass running now: deploy (true) or the failure policy's rollback (false). */
  private boolean deploying = true;

  private int errors;
  private String previousVersion;
  private DeploymentSpec rendered;
  private AlarmWatcher alarms;
  private WaveRunner waves;
  private LockHolder lock;

  /** The request's launch cutoff has passed: no instance starts any more. */
  private boolean cutoffReached;

  private DeploymentResult finalResult;

  private record Outcome(DeploymentOutcome outcome, String message) {}

  @Override
  public DeploymentResult deploy(DeploymentRequest input) {
    request = input;
    startMillis = Workflow.currentTimeMillis();
    runs = new FleetRun();
    alarms = new AlarmWatcher(request.alarms());
    waves = new WaveRunner(alarms, runs);
    lock = new LockHolder(request.app(), request.environment());
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
              lock.release();
            })
        .run();
    String current =
        outcome.outcome() == DeploymentOutcome.SUCCEEDED ? request.version() : previousVersion;
    finalResult =
        view.result(
            outcome.outcome(),
            outcome.message(),
            previousVersion,
            current,
            approval.decision(),
            durationSeconds(),
            alarms.trigger());
    return finalResult;
  }

  @Override
  public DeploymentResult result() {
    return finalResult;
  }

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
    view.skipAll(notStarted, DeploymentRequest.CUTOFF);
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
    // The lock is asked for while the first page of targets is listed: listing only reads, and
    // a refused deployment ends before it uses the page. The version is read once the lock is
    // held, so that it is the one the previous holder left.
    lock.request();
    setPhase("resolving", "targets " + request.targets().describe());
    boolean early = request.startsOnFirstPage();
    TargetStream targets =
        TargetStream.start(
            fleet,
            request.targets(),
            early
                ? Math.min(TargetStream.FULL_PAGE, request.maxConcurrency().concurrencyFor(1))
                : TargetStream.FULL_PAGE);
    String refusal = lock.taken();
    if (refusal != null) {
      return new Outcome(DeploymentOutcome.REFUSED, refusal);
    }
    Promise<String> current =
        Async.function(parameters::getString, versionParameter("current-version"));
    view.ineligible(targets.skipped());
    if (early) {
      targets.awaitFirst();
      view.eligible(targets.ids());
      streaming = targets.complete() ? null : targets;
    } else {
      targets.awaitAll();
      view.eligible(targets.sortedEligible());
    }
    List<String> eligible = view.eligible();
    if (eligible.isEmpty()) {
      return new Outcome(
          DeploymentOutcome.NO_TARGETS,
          "no eligible instance matched "
              + request.targets().describe()
              + " ("
              + view.ineligibleCount()
              + " skipped)");
    }
    int total = eligible.size();
    int concurrency = request.maxConcurrency().concurrencyFor(total);
    int threshold = request.maxErrors().errorThresholdFor(total);
    previousVersion = current.get();
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
      view.skipAll(eligible, "not started: " + refused);
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
    List<String> eligible = view.eligible();
    List<List<String>> plan =
        streaming != null ? List.of(eligible) : request.wavePlan().split(eligible);
    waves.plan(plan.size());
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
      waves.enter(k);
      boolean canary = canaryGate && k == 1;
      String prefix = request.waves() != null ? "wave-" + k : canary ? "canary" : "rollout";
      int budget = canary ? 0 : Math.max(0, threshold - errors);
      String stop;
      if (canary) {
        setPhase("canary", ids.size() + " canary instance" + (ids.size() == 1 ? "" : "s"));
        stop = waves.watched("canary", () -> pass(prefix, plan(), ids, ids.size(), budget));
      } else {
        setPhase(
            "rolling-out",
            (request.waves() == null ? "" : "wave " + k + "/" + plan.size() + ": ")
                + ids.size()
                + (streaming != null && !streaming.complete() ? "+ (resolving the rest)" : "")
                + " instances, MaxConcurrency "
                + concurrency
                + ", MaxErrors "
                + threshold);
        stop = waves.watched("wave " + k, () -> pass(prefix, plan(), ids, concurrency, budget));
      }
      if (request.waves() != null) {
        WaveRunner.putMetrics(
            notifications,
            request.metricsNamespace(),
            Map.of("App", request.app(), "Environment", request.environment()),
            k,
            () -> view.waveCounts(ids));
      }
      if (alarms.fired()) {
        return alarmStop(later);
      }
      Outcome stopped = canary ? canaryFailed(ids, later) : stopped(stop, later, threshold);
      if (stopped != null) {
        return stopped;
      }
      if (waves.bake(k, request.bakeTime(), this::setPhase)) {
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
    if (view.count(InstanceState.SUCCEEDED) == 0) {
      return new Outcome(DeploymentOutcome.FAILED, "no instance was deployed");
    }
    int failed = view.failedCount();
    String tolerated =
        failed == 0 ? "" : " (" + failed + " failed within MaxErrors " + request.maxErrors() + ")";
    return new Outcome(
        DeploymentOutcome.SUCCEEDED,
        view.count(InstanceState.SUCCEEDED)
            + " of "
            + total
            + " instances on "
            + request.version()
            + tolerated);
  }

  /** A canary that did not succeed (failed, undelivered, skipped) fails the canary gate. */
  private Outcome canaryFailed(List<String> canaries, List<String> later) {
    List<String> bad = canaries.stream().filter(id -> !view.succeeded(id)).toList();
    if (bad.isEmpty()) {
      return null;
    }
    view.skipAll(later, "not started: canary failed");
    InstanceProgress first = view.get(bad.get(0));
    return new Outcome(
        DeploymentOutcome.FAILED,
        "canary failed: "
            + bad.get(0)
            + " "
            + (first == null ? "did not run" : first.state() + ": " + first.reason()));
  }

  /** After a wave: MaxErrors, the cutoff or a stop end the run; answers how, or null. */
  private Outcome stopped(String stop, List<String> later, int threshold) {
    if (errors > threshold) {
      view.skipAll(later, "not started: MaxErrors exceeded");
      return new Outcome(
          DeploymentOutcome.FAILED,
          errors
              + " errors exceeded MaxErrors "
              + request.maxErrors()
              + " ("
              + threshold
              + "): "
              + view.firstFailure());
    }
    if (DeploymentRequest.CUTOFF.equals(stop)) {
      view.skipAll(later, DeploymentRequest.CUTOFF);
      return new Outcome(
          DeploymentOutcome.FAILED,
          "stopped: the window's launch cutoff"
              + " passed ("
              + view.count(InstanceState.SKIPPED)
              + " instances not started)");
    }
    if (stop != null) {
      view.skipAll(later, "not started: " + stop);
      return new Outcome(DeploymentOutcome.FAILED, "stopped: " + stop);
    }
    return null;
  }

  /** The approval gate before {@code later} start; answers how the run ends, or null. */
  private Outcome gate(List<String> later) {
    setPhase("awaiting-approval", "approve or reject within " + request.approvalTimeout());
    ApprovalGate.Refusal rejected = approval.await(request.approvalTimeout(), () -> cutoffReached);
    if (rejected == null && cutoffReached && approval.decision() == null) {
      return cutOff(later);
    }
    if (rejected != null) {
      view.skipAll(later, "not started: " + rejected.message());
      return new Outcome(rejected.outcome(), rejected.message());
    }
    return null;
  }

  private Outcome alarmStop(List<String> later) {
    view.skipAll(later, "not started: " + alarms.stopReason());
    return new Outcome(DeploymentOutcome.FAILED, "stopped: " + alarms.stopReason());
  }

  private Outcome afterCancel() {
    approval.close();
    absorb(runs.drain("cancelled"));
    view.skipAll(view.eligible(), "not started: cancelled");
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
      List<String> succeeded = view.idsIn(InstanceState.SUCCEEDED);
      if (!succeeded.isEmpty()) {
        setPhase("rolling-back", succeeded.size() + " succeeded instances (rollback-all)");
        int concurrency = request.maxConcurrency().concurrencyFor(view.eligible().size());
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
        () ->
            view.summary(
                request,
                outcome.outcome(),
                outcome.message(),
                previousVersion,
                durationSeconds(),
                waves,
                alarms.trigger(),
                approval),
        e -> log.warn("SNS summary not published: {}", Failures.message(e)));
    Notifications.putMetrics(
        notifications,
        request.metricsNamespace(),
        Map.of("App", request.app(), "Environment", request.environment()),
        () ->
            List.of(
                new MetricDatum("InstancesSucceeded", view.count(InstanceState.SUCCEEDED), "Count"),
                new MetricDatum("InstancesFailed", view.failedCount(), "Count"),
                new MetricDatum(
                    "InstancesRolledBack", view.count(InstanceState.ROLLED_BACK), "Count"),
                new MetricDatum("DeploymentDurationSeconds", durationSeconds(), "Seconds")),
        e -> log.warn("CloudWatch metrics not put: {}", Failures.message(e)));
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

  /** Takes a pass's final states into the deployment's view; answers its stop reason. */
  private String absorb(FleetRun.Result pass) {
    view.take(pass, deploying);
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

  private void setPhase(String name, String line) {
    phase = name;
    detail = line;
    Workflow.setCurrentDetails(name + ": " + line);
  }

  private String versionParameter(String leaf) {
    return "/" + request.app() + "/" + request.environment() + "/" + leaf;
  }

  private long durationSeconds() {
    return (Workflow.currentTimeMillis() - startMillis) / 1000;
  }

  @Override
  public DeploymentProgress progress() {
    return view.progress(
        phase, detail, runs, deploying, waves, alarms == null ? List.of() : alarms.states());
  }

  @Override
  public List<InstanceProgress> instances(int offset, int limit) {
    return view.instances(runs, deploying, offset, limit);
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
  public String approve(Approval decision) {
    return approval.approve(decision);
  }

  @Override
  public void validateApprove(Approval decision) {
    approval.validate(decision, phase);
  }

  @Override
  public String reject(Approval decision) {
    return approval.reject(decision);
  }

  @Override
  public void validateReject(Approval decision) {
    approval.validate(decision, phase);
  }
}
