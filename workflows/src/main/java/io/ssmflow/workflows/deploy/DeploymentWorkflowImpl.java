package io.ssmflow.workflows.deploy;

import io.ssmflow.workflows.deploy.rollout.RolloutMode;
import io.ssmflow.workflows.deploy.rollout.RolloutParent;
import io.ssmflow.workflows.deploy.rollout.RolloutProgress;
import io.ssmflow.workflows.deploy.rollout.RolloutRequest;
import io.ssmflow.workflows.deploy.rollout.RolloutResult;
import io.ssmflow.workflows.deploy.rollout.RolloutWorkflow;
import io.ssmflow.workflows.deploy.rollout.SlicePlan;
import io.ssmflow.workflows.deploy.rollout.SliceReport;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.notify.Notifications;
import io.ssmflow.workflows.params.ParameterActivities;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * A rolling deployment: resolve targets, read the current version, deploy the canary alone,
 * wait for approval, roll out the rest under MaxConcurrency / MaxErrors, apply the failure
 * policy, record the versions, notify.
 *
 * <p>Instances are deployed by {@link RolloutWorkflow} children, one per slice of at most
 * {@link SlicePlan#DEFAULT_SLICE_SIZE} instances (the canary and a small fleet are one slice),
 * so no execution's history grows with the fleet; this workflow holds counts and the children's
 * final per-instance results.
 *
 * <p>MaxErrors across slices: each slice stops itself when its own errors exceed the threshold
 * (exact with one slice); with several, each signals its errors here (one by one, or in small
 * batches when the threshold is above 16 per slice) and this workflow signals every slice to
 * stop once the sum exceeds the threshold. Between an error and the stop signal reaching the
 * other slices they may launch a few more instances (the slots freed within one round trip);
 * those finish normally and may add errors, as in-flight instances do in SSM.
 *
 * <p>History: slices report at most one periodic progress signal per 10 s in total (the
 * interval doubling every 100 reports of a slice), plus the error reports above; per-instance
 * detail stays in the slices, which continue as new when their own history grows.
 *
 * <p>Cancel: launching stops, the slices' in-flight instances finish (a failing one is rolled
 * back), then the failure policy applies, all in a detached cancellation scope. Temporal's Java
 * SDK closes a workflow whose cancel was requested as Canceled whatever it returns, so the
 * CANCELLED summary reaches people through SNS and the {@code progress} / {@code instances}
 * queries (which still answer on the closed workflow), not through the result.
 */
public class DeploymentWorkflowImpl implements DeploymentWorkflow {
  static final int PAGE = 100;
  static final int ALL_INSTANCES_UP_TO = 1_000;
  /** This workflow hears about one periodic slice report per this interval, in total. */
  static final long REPORT_INTERVAL_MILLIS = 10_000;

  private static final Logger log = Workflow.getLogger(DeploymentWorkflowImpl.class);

  private final FleetActivities fleet =
      Workflow.newActivityStub(FleetActivities.class, DeploymentActivityOptions.fleet());
  private final ParameterActivities parameters =
      Workflow.newActivityStub(ParameterActivities.class, DeploymentActivityOptions.parameters());
  private final NotificationActivities notifications = Workflow.newActivityStub(
      NotificationActivities.class, DeploymentActivityOptions.notifications());

  private DeploymentRequest request;
  private long startMillis;
  private String phase = "resolving";
  private String detail = "";
  private boolean paused;
  private List<String> eligible = List.of();
  private final List<SkippedInstance> ineligible = new ArrayList<>();
  /** Final per-instance results of finished slices (later phases overwrite earlier ones). */
  private final Map<String, InstanceProgress> results = new TreeMap<>();
  /** Failures reported by slices still running. */
  private final Map<String, InstanceProgress> liveFailures = new LinkedHashMap<>();
  private final Map<String, SliceRun> running = new LinkedHashMap<>();
  private int errors;
  private int failed;
  private String previousVersion;
  private DeploymentSpec rendered;
  private boolean awaitingApproval;
  private Approval decision;
  private boolean approved;
  private boolean wake;
  /** The request's launch cutoff has passed: no slice and no instance starts any more. */
  private boolean cutoffReached;

  /** A child slice in flight. */
  private static final class SliceRun {
    final String id;
    final RolloutMode mode;
    final List<String> ids;
    Promise<RolloutResult> result;
    RolloutWorkflow stub;
    RolloutProgress report;
    String summary;
    boolean pausedSent;
    boolean stopSent;

    SliceRun(String id, RolloutMode mode, List<String> ids) {
      this.id = id;
      this.mode = mode;
      this.ids = ids;
    }
  }

  @Override
  public DeploymentResult deploy(DeploymentRequest input) {
    request = input;
    startMillis = Workflow.currentTimeMillis();
    Workflow.registerListener((RolloutParent) this::onSliceReport);
    watchLaunchCutoff();
    Outcome outcome;
    try {
      outcome = run();
    } catch (CanceledFailure e) {
      // Clean up in a detached scope (as in the bookingsaga sample): the slices already
      // running finish their in-flight instances, then the failure policy applies.
      Outcome[] holder = new Outcome[1];
      Workflow.newDetachedCancellationScope(() -> holder[0] = afterCancel()).run();
      outcome = holder[0];
    }
    Outcome end = outcome;
    Workflow.newDetachedCancellationScope(() -> finish(end)).run();
    return result(outcome);
  }

  private record Outcome(DeploymentOutcome outcome, String message) {}

  /**
   * A maintenance window's cutoff: a timer only when the request has one (0 = none), so
   * deployments without one keep their command sequence (and old histories replay unchanged).
   */
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
    Workflow.newTimer(Duration.ofMillis(wait)).thenApply(ignored -> {
      log.info("launch cutoff reached: no new instance starts");
      cutoffReached = true;
      wake = true;
      return ignored;
    });
  }

  private Outcome cutOff(List<String> notStarted) {
    skipAll(notStarted, DeploymentRequest.CUTOFF);
    return new Outcome(DeploymentOutcome.FAILED, "stopped: the window's launch cutoff passed"
        + " before " + notStarted.size() + " instance" + (notStarted.size() == 1 ? "" : "s")
        + " started");
  }

  private Outcome run() {
    try {
      SpecTemplates.validate(request.spec());
      new TemplateValues(request.app(), request.version(), request.environment(), null);
      RateLimit.maxConcurrency(request.maxConcurrency());
      RateLimit.maxErrors(request.maxErrors());
      if (request.failurePolicy() == null || request.targets() == null) {
        throw new IllegalArgumentException("failure policy and targets are required");
      }
    } catch (IllegalArgumentException e) {
      // The CLI validates first; a request that still gets here fails at once, not forever.
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidRequest");
    }
    setPhase("resolving", "targets " + request.targets().describe());
    ResolvedTargets targets = fleet.resolveTargets(request.targets());
    eligible = targets.eligible();
    ineligible.addAll(targets.skipped());
    if (eligible.isEmpty()) {
      return new Outcome(DeploymentOutcome.NO_TARGETS, "no eligible instance matched "
          + request.targets().describe() + " (" + ineligible.size() + " skipped)");
    }
    int total = eligible.size();
    int concurrency = RateLimit.maxConcurrency(request.maxConcurrency()).concurrencyFor(total);
    int threshold = RateLimit.maxErrors(request.maxErrors()).errorThresholdFor(total);
    previousVersion = parameters.getString(versionParameter("current-version"));
    try {
      rendered = SpecTemplates.render(request.spec(), new TemplateValues(request.app(),
          request.version(), request.environment(), previousVersion));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidSpec");
    }

    int canaries = Math.min(Math.max(0, request.canaryCount()), total);
    List<String> canary = eligible.subList(0, canaries);
    List<String> rest = eligible.subList(canaries, total);
    if (canaries > 0) {
      setPhase("canary", canaries + " canary instance" + (canaries == 1 ? "" : "s"));
      runSlices("canary", RolloutMode.DEPLOY, canary, canaries, 0);
      if (cutoffReached && !rest.isEmpty()) {
        return cutOff(rest);
      }
      if (failed > 0) {
        skipAll(rest, "not started: canary failed");
        return new Outcome(DeploymentOutcome.FAILED, "canary failed: " + firstFailure());
      }
    }
    if (request.approvalRequired()) {
      Outcome rejected = awaitApproval();
      if (rejected == null && cutoffReached && decision == null) {
        return cutOff(rest);
      }
      if (rejected != null) {
        skipAll(rest, "not started: " + rejected.message());
        return rejected;
      }
    }
    setPhase("rolling-out", rest.size() + " instances, MaxConcurrency " + concurrency
        + ", MaxErrors " + threshold);
    String stop = runSlices("rollout", RolloutMode.DEPLOY, rest, concurrency, threshold);
    if (errors > threshold) {
      return new Outcome(DeploymentOutcome.FAILED, errors + " errors exceeded MaxErrors "
          + request.maxErrors() + " (" + threshold + "): " + firstFailure());
    }
    if (DeploymentRequest.CUTOFF.equals(stop)) {
      return new Outcome(DeploymentOutcome.FAILED, "stopped: the window's launch cutoff passed ("
          + count(InstanceState.SKIPPED) + " instances not started)");
    }
    if (stop != null) {
      return new Outcome(DeploymentOutcome.FAILED, "stopped: " + stop);
    }
    if (count(InstanceState.SUCCEEDED) == 0) {
      return new Outcome(DeploymentOutcome.FAILED, "no instance was deployed");
    }
    String tolerated = failed == 0 ? "" : " (" + failed + " failed within MaxErrors "
        + request.maxErrors() + ")";
    return new Outcome(DeploymentOutcome.SUCCEEDED, count(InstanceState.SUCCEEDED) + " of "
        + total + " instances on " + request.version() + tolerated);
  }

  private Outcome awaitApproval() {
    setPhase("awaiting-approval", "approve or reject within " + request.approvalTimeout());
    awaitingApproval = true;
    Duration timeout = request.approvalTimeout() == null ? Duration.ofHours(24)
        : request.approvalTimeout();
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
    log.info("approval gate: {} by {} ({})", approved ? "approved" : "rejected",
        decision.approver(), decision.reason());
    if (approved) {
      return null;
    }
    if (!decided) {
      return new Outcome(DeploymentOutcome.REJECTED, "approval timed out after " + timeout);
    }
    return new Outcome(DeploymentOutcome.REJECTED, "rejected by " + decision.approver()
        + (decision.reason() == null || decision.reason().isBlank() ? ""
        : ": " + decision.reason()));
  }

  private Outcome afterCancel() {
    awaitingApproval = false;
    for (SliceRun run : running.values()) {
      stopSlice(run, "cancelled");
    }
    if (!running.isEmpty()) {
      awaitSlices(Integer.MAX_VALUE, List.of(), Integer.MAX_VALUE, List.of());
    }
    for (String id : eligible) {
      results.putIfAbsent(id, new InstanceProgress(id, InstanceState.SKIPPED, null,
          "not started: cancelled"));
    }
    return new Outcome(DeploymentOutcome.CANCELLED, "cancelled during " + phase);
  }

  /** Applies the failure policy, records versions on success, notifies. */
  private void finish(Outcome outcome) {
    DeploymentOutcome o = outcome.outcome();
    boolean failedRun = o == DeploymentOutcome.FAILED || o == DeploymentOutcome.REJECTED
        || o == DeploymentOutcome.CANCELLED;
    if (failedRun && request.failurePolicy() == FailurePolicy.ROLLBACK_ALL) {
      List<String> succeeded = idsIn(InstanceState.SUCCEEDED);
      if (!succeeded.isEmpty()) {
        setPhase("rolling-back", succeeded.size() + " succeeded instances (rollback-all)");
        int concurrency = RateLimit.maxConcurrency(request.maxConcurrency())
            .concurrencyFor(eligible.size());
        runSlices("rollback", RolloutMode.ROLLBACK, succeeded, concurrency, Integer.MAX_VALUE);
      }
    }
    setPhase("finishing", o.name());
    if (o == DeploymentOutcome.SUCCEEDED) {
      Map<String, String> values = new TreeMap<>();
      values.put(versionParameter("current-version"), request.version());
      if (previousVersion != null && !previousVersion.equals(request.version())) {
        values.put(versionParameter("previous-version"), previousVersion);
      }
      parameters.putStrings(values, Map.of("App", request.app(),
          "Environment", request.environment()));
    }
    notifyPeople(outcome);
    setPhase("done", o.name());
  }

  private void notifyPeople(Outcome outcome) {
    String subject = "ssmflow deploy " + request.app() + " " + request.version() + " to "
        + request.environment() + ": " + outcome.outcome();
    Notifications.publish(notifications, request.snsTopicArn(), subject,
        () -> summary(outcome), e -> log.warn("SNS summary not published: {}", causeMessage(e)));
    Notifications.putMetrics(notifications, request.metricsNamespace(),
        Map.of("App", request.app(), "Environment", request.environment()), () -> List.of(
            new MetricDatum("InstancesSucceeded", count(InstanceState.SUCCEEDED), "Count"),
            new MetricDatum("InstancesFailed", failed, "Count"),
            new MetricDatum("InstancesRolledBack", count(InstanceState.ROLLED_BACK), "Count"),
            new MetricDatum("DeploymentDurationSeconds", durationSeconds(), "Seconds")),
        e -> log.warn("CloudWatch metrics not put: {}", causeMessage(e)));
  }

  private static String causeMessage(ActivityFailure e) {
    return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
  }

  private String summary(Outcome outcome) {
    StringBuilder b = new StringBuilder();
    b.append("Deployment ").append(Workflow.getInfo().getWorkflowId()).append(": ")
        .append(outcome.outcome()).append('\n').append(outcome.message()).append('\n')
        .append("targets: ").append(request.targets().describe()).append('\n')
        .append("previous version: ").append(previousVersion == null ? "none" : previousVersion)
        .append('\n')
        .append("eligible ").append(eligible.size())
        .append(", succeeded ").append(count(InstanceState.SUCCEEDED))
        .append(", failed ").append(failed)
        .append(", rolled back ").append(count(InstanceState.ROLLED_BACK))
        .append(", rollback failed ").append(count(InstanceState.ROLLBACK_FAILED))
        .append(", skipped ").append(count(InstanceState.SKIPPED) + ineligible.size())
        .append('\n').append("duration: ").append(durationSeconds()).append(" s\n");
    if (decision != null) {
      b.append("approval: ").append(approved ? "approved" : "rejected").append(" by ")
          .append(decision.approver()).append('\n');
    }
    int shown = 0;
    for (InstanceProgress p : results.values()) {
      if (isFailure(p) && shown++ < 20) {
        b.append(p.instanceId()).append(' ').append(p.state()).append(": ").append(p.reason())
            .append('\n');
      }
    }
    return b.toString();
  }

  /**
   * Runs {@code ids} through slices of {@code mode} and waits for them all; answers why
   * launching stopped early, or null.
   */
  private String runSlices(String prefix, RolloutMode mode, List<String> ids, int concurrency,
      int threshold) {
    SlicePlan plan = SlicePlan.of(ids.size(), SlicePlan.DEFAULT_SLICE_SIZE, concurrency);
    List<SliceRun> queue = new ArrayList<>();
    List<SlicePlan.Slice> slices = plan.slices();
    // Errors matter across slices only when there are several and the threshold can be
    // passed. Up to 16 x slices they are reported one by one (the stop is then as prompt as a
    // signal allows); above, in batches, so a huge threshold cannot flood this history: the
    // parent then learns of the sum at most slices x (batch - 1), under 1/16 of it, late.
    int k = slices.size();
    int errorBatch = k > 1 && threshold < ids.size()
        ? Math.max(1, (int) Math.min(Integer.MAX_VALUE, ((long) threshold + 1) / (16L * k)))
        : 0;
    long reportInterval = REPORT_INTERVAL_MILLIS * Math.max(1, Math.min(k, plan.maxParallel()));
    for (int i = 0; i < slices.size(); i++) {
      SlicePlan.Slice slice = slices.get(i);
      SliceRun run = new SliceRun(DeploymentIds.childId(Workflow.getInfo().getWorkflowId(),
          prefix + "-" + (i + 1)), mode, ids.subList(slice.from(), slice.to()));
      run.summary = (mode == RolloutMode.DEPLOY ? "deploy " : "roll back ") + request.app()
          + " " + request.version() + " in " + request.environment() + ": " + prefix + " slice "
          + (i + 1) + "/" + slices.size() + ", " + slice.size() + " instances, window "
          + slice.share();
      queue.add(run);
    }
    List<RolloutRequest> requests = new ArrayList<>();
    String label = (mode == RolloutMode.DEPLOY ? "deploy " : "rollback ") + request.app() + " "
        + request.version();
    for (int i = 0; i < slices.size(); i++) {
      List<DeploymentStep> steps = new ArrayList<>();
      if (mode == RolloutMode.DEPLOY) {
        steps.addAll(rendered.steps());
        steps.add(rendered.healthCheck());
      } else {
        steps.add(rendered.rollback());
      }
      requests.add(new RolloutRequest(label, mode, queue.get(i).ids, steps,
          mode == RolloutMode.DEPLOY ? rendered.rollback() : null, slices.get(i).share(),
          threshold, errorBatch, reportInterval, RolloutRequest.DEFAULT_HISTORY_BUDGET, null));
    }
    return awaitSlices(plan.maxParallel(), queue, threshold, requests);
  }

  /** Starts queued slices as the plan allows and waits until none runs; answers a stop reason. */
  private String awaitSlices(int maxParallel, List<SliceRun> queue, int threshold,
      List<RolloutRequest> requests) {
    int next = 0;
    String stop = null;
    boolean deploying = !queue.isEmpty() && queue.get(0).mode == RolloutMode.DEPLOY;
    while (true) {
      if (stop == null && deploying && cutoffReached) {
        stop = DeploymentRequest.CUTOFF;
      }
      while (stop == null && !paused && next < queue.size() && running.size() < maxParallel) {
        start(queue.get(next), requests.get(next));
        next++;
      }
      if (running.isEmpty() && (next >= queue.size() || stop != null)) {
        break;
      }
      Workflow.await(() -> wake || running.values().stream().anyMatch(r -> r.result != null
          && r.result.isCompleted()));
      wake = false;
      for (SliceRun run : new ArrayList<>(running.values())) {
        if (run.result != null && run.result.isCompleted()) {
          collect(run);
        }
      }
      if (stop == null && errors + reportedErrors() > threshold) {
        stop = "MaxErrors exceeded";
      }
      if (stop == null && deploying && cutoffReached) {
        stop = DeploymentRequest.CUTOFF;
      }
      for (SliceRun run : running.values()) {
        if (stop != null) {
          stopSlice(run, stop);
        } else if (paused != run.pausedSent) {
          run.pausedSent = paused;
          if (paused) {
            run.stub.pause();
          } else {
            run.stub.resume();
          }
        }
      }
    }
    for (int i = next; i < queue.size(); i++) {
      skipAll(queue.get(i).ids, DeploymentRequest.CUTOFF.equals(stop) ? DeploymentRequest.CUTOFF
          : "not started: " + stop);
    }
    return stop;
  }

  private void start(SliceRun run, RolloutRequest req) {
    // Detached: cancelling the deployment must not cancel its slices mid-command; the
    // deployment stops them itself and waits for their in-flight instances.
    // The slices carry the deployment's search attributes only when the starter set them: they
    // are registered on the namespace then, so the Web UI filters show the slices too, and a
    // server without them registered never sees them.
    io.temporal.common.SearchAttributes attributes = Workflow.getTypedSearchAttributes();
    Workflow.newDetachedCancellationScope(() -> {
      ChildWorkflowOptions.Builder options = ChildWorkflowOptions.newBuilder()
          .setWorkflowId(run.id)
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
          .setStaticSummary(run.summary);
      if (attributes.size() > 0) {
        options.setTypedSearchAttributes(attributes);
      }
      run.stub = Workflow.newChildWorkflowStub(RolloutWorkflow.class, options.build());
      run.result = Async.function(run.stub::run, req);
    }).run();
    Workflow.getWorkflowExecution(run.stub).get();
    running.put(run.id, run);
    if (paused) {
      run.pausedSent = true;
      run.stub.pause();
    }
    updateDetails();
  }

  private void collect(SliceRun run) {
    running.remove(run.id);
    try {
      RolloutResult r = run.result.get();
      for (InstanceProgress p : r.instances()) {
        results.put(p.instanceId(), p);
        liveFailures.remove(p.instanceId());
      }
      if (run.mode == RolloutMode.DEPLOY) {
        errors += r.errors();
        failed += r.failed();
      }
    } catch (ChildWorkflowFailure e) {
      log.error("slice {} failed: {}", run.id, e.getMessage());
      for (String id : run.ids) {
        results.putIfAbsent(id, new InstanceProgress(id, InstanceState.FAILED, null,
            "slice " + run.id + " failed"));
      }
      if (run.mode == RolloutMode.DEPLOY) {
        errors += run.ids.size();
        failed += run.ids.size();
      }
    }
    updateDetails();
  }

  private void stopSlice(SliceRun run, String reason) {
    if (!run.stopSent && run.stub != null) {
      run.stopSent = true;
      run.stub.stopLaunching(reason);
    }
  }

  private int reportedErrors() {
    int n = 0;
    for (SliceRun run : running.values()) {
      if (run.mode == RolloutMode.DEPLOY && run.report != null) {
        n += run.report.errors();
      }
    }
    return n;
  }

  private void onSliceReport(SliceReport report) {
    SliceRun run = running.get(report.sliceId());
    if (run == null) {
      return;
    }
    run.report = report.counts();
    for (InstanceProgress p : report.newFailures()) {
      liveFailures.put(p.instanceId(), p);
    }
    wake = true;
  }

  private void skipAll(List<String> ids, String reason) {
    for (String id : ids) {
      results.putIfAbsent(id, new InstanceProgress(id, InstanceState.SKIPPED, null, reason));
    }
  }

  private void setPhase(String name, String line) {
    phase = name;
    detail = line;
    updateDetails();
  }

  private void updateDetails() {
    String slices = running.isEmpty() ? "" : " [" + running.size() + " slice"
        + (running.size() == 1 ? "" : "s") + " running]";
    Workflow.setCurrentDetails(phase + ": " + detail + slices);
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
    return p.state() == InstanceState.FAILED || p.state() == InstanceState.ROLLBACK_FAILED
        || (p.state() == InstanceState.ROLLED_BACK && p.reason() != null
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
    String current = outcome.outcome() == DeploymentOutcome.SUCCEEDED ? request.version()
        : previousVersion;
    return new DeploymentResult(outcome.outcome(), outcome.message(), previousVersion, current,
        eligible.size(), count(InstanceState.SUCCEEDED), failed,
        count(InstanceState.ROLLED_BACK), count(InstanceState.ROLLBACK_FAILED), skipped,
        instances, decision, durationSeconds());
  }

  @Override
  public DeploymentProgress progress() {
    int succeeded = 0;
    int inFlight = 0;
    int skipped = ineligible.size();
    int rolledBack = 0;
    int liveFailed = failed;
    for (InstanceProgress p : results.values()) {
      switch (p.state()) {
        case SUCCEEDED -> succeeded++;
        case SKIPPED -> skipped++;
        case ROLLED_BACK -> rolledBack++;
        default -> { }
      }
    }
    for (SliceRun run : running.values()) {
      RolloutProgress r = run.report;
      if (r == null) {
        continue;
      }
      if (run.mode == RolloutMode.DEPLOY) {
        succeeded += r.succeeded();
        skipped += r.skipped();
        rolledBack += r.rolledBack();
        liveFailed += r.failed();
        inFlight += r.inFlight();
      } else {
        succeeded -= r.rolledBack() + r.rollbackFailed();
        rolledBack += r.rolledBack();
        inFlight += r.inFlight();
      }
    }
    java.util.Set<String> inSlices = new java.util.HashSet<>();
    int pending = 0;
    for (SliceRun run : running.values()) {
      inSlices.addAll(run.ids);
      if (run.mode == RolloutMode.DEPLOY) {
        pending += run.report == null ? run.ids.size() : run.report.pending();
      }
    }
    for (String id : eligible) {
      pending += results.containsKey(id) || inSlices.contains(id) ? 0 : 1;
    }
    return new DeploymentProgress(phase, detail, paused, eligible.size(), succeeded, liveFailed,
        inFlight, pending, skipped, rolledBack, page(0, PAGE, true));
  }

  @Override
  public List<InstanceProgress> instances(int offset, int limit) {
    return page(offset, limit, false);
  }

  /** A page in id order, or (failuresFirst) failures then the rest. */
  private List<InstanceProgress> page(int offset, int limit, boolean failuresFirst) {
    int cap = Math.max(0, Math.min(limit, 1_000));
    List<InstanceProgress> all = new ArrayList<>();
    Map<String, String> sliceOf = new LinkedHashMap<>();
    for (SliceRun run : running.values()) {
      for (String id : run.ids) {
        sliceOf.put(id, run.id);
      }
    }
    for (String id : eligible) {
      InstanceProgress p = liveFailures.get(id);
      if (p == null && sliceOf.containsKey(id)) {
        p = new InstanceProgress(id, InstanceState.PENDING, null,
            "in slice " + sliceOf.get(id) + " (query it for detail)");
      }
      if (p == null) {
        p = results.get(id);
      }
      if (p == null) {
        p = new InstanceProgress(id, InstanceState.PENDING, null, null);
      }
      all.add(p);
    }
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
    paused = true;
    wake = true;
  }

  @Override
  public void resume() {
    paused = false;
    wake = true;
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
