package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.AwaitResult;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.IdempotencyKeys;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationOutcomes;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.deploy.DeploymentActivityOptions;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.notify.Notifications;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.api.enums.v1.ParentClosePolicy;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * A patch run. Scan: AWS-RunPatchBaseline Scan under MaxConcurrency / MaxErrors, then a
 * compliance report per instance. Install: health check, EBS snapshots of every volume (waited to
 * completed), one baseline SnapshotId for the run, Install + validation per instance in a
 * sliding window, and a restore of the root volume from its pre-patch snapshot (then a second
 * validation) for every instance whose install or validation failed.
 *
 * <p>One command engine drives every phase: instances ready for the same step share one
 * SendCommand of at most 50 ids, and ONE awaitInvocations covers every command in flight; it
 * answers as soon as some invocations end, so each instance advances on its own (no lockstep)
 * and a finished one frees its slot at once. Restores run as their own activities beside it.
 *
 * <p>Saga: an instance's compensation (its root snapshot) is registered before its install is
 * sent; restores run in a detached cancellation scope. On cancel, no instance starts any more,
 * the ones in flight finish (and are restored when they fail), the rest end SKIPPED "cancelled".
 * As for deployments, Temporal closes a workflow whose cancel was requested as Canceled whatever
 * it returns, so the CANCELLED summary reaches people through SNS and the queries.
 *
 * <p>History: about 6 events per command batch and per wait, plus 6 per restore; a 1,000
 * instance Install stays well below 10,240 events (PatchHistoryBoundTest). Larger fleets should
 * be patched per patch group or in several runs (documented limit: 1,000 instances per run).
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
  private final CommandActivities send =
      Workflow.newActivityStub(CommandActivities.class, DeploymentActivityOptions.send());
  private final CommandActivities await =
      Workflow.newActivityStub(CommandActivities.class, DeploymentActivityOptions.await());
  private final PatchActivities createSnapshots =
      Workflow.newActivityStub(PatchActivities.class, PatchActivityOptions.createSnapshots());
  private final PatchActivities awaitSnapshots =
      Workflow.newActivityStub(PatchActivities.class, PatchActivityOptions.awaitSnapshots());
  private final PatchActivities restores =
      Workflow.newActivityStub(PatchActivities.class, PatchActivityOptions.restore());
  private final PatchActivities quick =
      Workflow.newActivityStub(PatchActivities.class, PatchActivityOptions.quick());
  private final NotificationActivities notifications = Workflow.newActivityStub(
      NotificationActivities.class, DeploymentActivityOptions.notifications());

  private PatchRequest request;
  private long startMillis;
  private String phase = "resolving";
  private String detail = "";
  private final List<SkippedInstance> ineligible = new ArrayList<>();
  private final Map<String, Slot> slots = new TreeMap<>();
  private String baselineSnapshotId;
  private int errors;
  private int threshold = Integer.MAX_VALUE;
  private String stopReason;
  private boolean cancelled;
  private long sequence;
  private String retentionWorkflowId;
  private long deleteAtMillis;
  /** Set before the first CreateSnapshot: from then on the run may own snapshots. */
  private boolean snapshotsRequested;

  /** The steps a command engine sends. */
  enum Step {
    HEALTH("health-check"),
    SCAN("scan"),
    INSTALL("install"),
    VALIDATE("validate"),
    REVALIDATE("revalidate");

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
    Step step;
    /** Waiting to be sent for {@link #step}; {@link #sendKey} keeps a batch's key on resend. */
    boolean toSend;
    String sendKey;
    String commandId;
    InstanceSnapshots snapshots;
    /** The registered compensation: restore from this snapshot if the install goes wrong. */
    String compensation;
    Promise<String> restore;
    ComplianceReport compliance;
    boolean healthy = true;

    Slot(String instanceId) {
      this.instanceId = instanceId;
    }

    InstancePatchResult result() {
      return new InstancePatchResult(instanceId, state, reason,
          snapshots == null ? List.of() : snapshots.snapshotIds(), compliance);
    }

    boolean inFlight() {
      return step != null || state == PatchInstanceState.ROLLING_BACK;
    }
  }

  private record Outcome(PatchOutcome outcome, String message) {}

  @Override
  public PatchResult patch(PatchRequest input) {
    request = input;
    startMillis = Workflow.currentTimeMillis();
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
    return result(outcome);
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
      return new Outcome(PatchOutcome.NO_TARGETS, "no eligible instance matched "
          + request.targets().describe() + " (" + ineligible.size() + " skipped); nothing"
          + " changed");
    }
    int total = slots.size();
    int concurrency = RateLimit.maxConcurrency(request.maxConcurrency()).concurrencyFor(total);
    threshold = RateLimit.maxErrors(request.maxErrors()).errorThresholdFor(total);
    return request.operation() == PatchOperation.SCAN ? scan(concurrency)
        : install(concurrency);
  }

  private void validate() {
    try {
      if (request.targets() == null || request.operation() == null) {
        throw new IllegalArgumentException("targets and operation are required");
      }
      RateLimit.maxConcurrency(request.maxConcurrency());
      RateLimit.maxErrors(request.maxErrors());
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
    setPhase("scanning", slots.size() + " instances, MaxConcurrency " + concurrency
        + ", MaxErrors " + threshold);
    runEngine(new ArrayList<>(slots.values()), concurrency, Step.SCAN);
    List<String> scanned = idsIn(PatchInstanceState.SCANNED);
    setPhase("finishing", "compliance of " + scanned.size() + " instances");
    List<Promise<List<InstanceCompliance>>> reports = new ArrayList<>();
    for (List<String> batch : batches(scanned)) {
      reports.add(Async.function(quick::compliance, batch));
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
      return new Outcome(PatchOutcome.FAILED, errors + " scan errors exceeded MaxErrors "
          + request.maxErrors() + " (" + threshold + "): " + firstFailure());
    }
    if (failed > 0) {
      return new Outcome(PatchOutcome.FAILED, failed + " of " + slots.size()
          + " scans failed: " + firstFailure());
    }
    int missing = 0;
    for (Slot s : slots.values()) {
      missing += s.compliance == null ? 0 : s.compliance.missingCount();
    }
    return new Outcome(PatchOutcome.SUCCEEDED, scanned.size() + " instances scanned, " + missing
        + " missing patches in all");
  }

  // ---- Install --------------------------------------------------------------------------------

  private Outcome install(int concurrency) {
    List<Slot> all = new ArrayList<>(slots.values());
    if (!request.healthCommands().isEmpty()) {
      setPhase("health-check", all.size() + " instances");
      runEngine(all, Integer.MAX_VALUE, Step.HEALTH);
      List<Slot> unhealthy = all.stream().filter(s -> !s.healthy).toList();
      if (!unhealthy.isEmpty() && unhealthyPolicy() == UnhealthyPolicy.ABORT) {
        for (Slot s : all) {
          if (s.healthy) {
            skip(s, "aborted: " + unhealthy.size() + " unhealthy instance"
                + (unhealthy.size() == 1 ? "" : "s") + " in " + request.environment());
          }
        }
        return new Outcome(PatchOutcome.ABORTED, unhealthy.size() + " of " + all.size()
            + " instances unhealthy (" + unhealthy.get(0).instanceId + " "
            + unhealthy.get(0).reason + "); nothing changed");
      }
    }
    List<Slot> healthy = all.stream().filter(s -> s.healthy).toList();
    snapshot(healthy);
    List<Slot> ready = healthy.stream().filter(s -> s.state == PatchInstanceState.PENDING)
        .toList();
    baselineSnapshotId = Workflow.randomUUID().toString();
    setPhase("installing", ready.size() + " instances, MaxConcurrency " + concurrency
        + ", MaxErrors " + threshold + ", RebootOption " + request.rebootOption().awsName());
    runEngine(ready, concurrency, Step.INSTALL);
    skipNeverStarted();
    return installOutcome();
  }

  /** The request's policy; without one, production aborts and other environments skip. */
  private UnhealthyPolicy unhealthyPolicy() {
    if (request.unhealthyPolicy() != null) {
      return request.unhealthyPolicy();
    }
    return "production".equalsIgnoreCase(request.environment()) ? UnhealthyPolicy.ABORT
        : UnhealthyPolicy.SKIP;
  }

  /** Snapshots every volume of the instances, waited to completed; failures are skipped. */
  private void snapshot(List<Slot> instances) {
    if (instances.isEmpty()) {
      return;
    }
    setPhase("snapshotting", instances.size() + " instances");
    snapshotsRequested = true;
    String workflowId = Workflow.getInfo().getWorkflowId();
    String runId = Workflow.getInfo().getRunId();
    List<List<String>> batches = batches(instances.stream().map(s -> s.instanceId).toList());
    for (Slot s : instances) {
      s.state = PatchInstanceState.SNAPSHOTTING;
    }
    for (int from = 0; from < batches.size(); from += SNAPSHOT_PARALLEL) {
      List<List<String>> wave = batches.subList(from,
          Math.min(batches.size(), from + SNAPSHOT_PARALLEL));
      List<Promise<List<InstanceSnapshots>>> made = new ArrayList<>();
      for (List<String> batch : wave) {
        made.add(Async.function(createSnapshots::createSnapshots, workflowId, runId, batch));
      }
      List<Promise<SnapshotWaitResult>> waits = new ArrayList<>();
      List<List<InstanceSnapshots>> byWait = new ArrayList<>();
      for (int i = 0; i < made.size(); i++) {
        List<InstanceSnapshots> taken;
        try {
          taken = made.get(i).get();
        } catch (ActivityFailure e) {
          rethrowCancel(e);
          for (String id : wave.get(i)) {
            skip(slots.get(id), "snapshot failed: " + why(e));
          }
          continue;
        }
        List<String> ids = new ArrayList<>();
        List<InstanceSnapshots> usable = new ArrayList<>();
        for (InstanceSnapshots snaps : taken) {
          Slot s = slots.get(snaps.instanceId());
          if (s == null) {
            continue;
          }
          s.snapshots = snaps;
          if (snaps.rootSnapshotId() == null) {
            skip(s, "no EBS root volume to snapshot");
          } else {
            ids.addAll(snaps.snapshotIds());
            usable.add(snaps);
          }
        }
        for (String id : wave.get(i)) {
          Slot s = slots.get(id);
          if (s.snapshots == null) {
            skip(s, "not found by DescribeInstances");
          }
        }
        if (!ids.isEmpty()) {
          waits.add(Async.function(awaitSnapshots::awaitSnapshots, ids));
          byWait.add(usable);
        }
      }
      for (int i = 0; i < waits.size(); i++) {
        Map<String, String> failed;
        try {
          failed = waits.get(i).get().failed();
        } catch (ActivityFailure e) {
          rethrowCancel(e);
          for (InstanceSnapshots snaps : byWait.get(i)) {
            skip(slots.get(snaps.instanceId()), "snapshot wait failed: " + why(e));
          }
          continue;
        }
        for (InstanceSnapshots snaps : byWait.get(i)) {
          Slot s = slots.get(snaps.instanceId());
          String bad = null;
          for (String id : snaps.snapshotIds()) {
            bad = bad != null ? bad : failed.get(id);
          }
          if (bad != null) {
            skip(s, "snapshot failed: " + bad);
          } else if (s.state == PatchInstanceState.SNAPSHOTTING) {
            s.state = PatchInstanceState.PENDING;
          }
        }
      }
      setPhase("snapshotting", Math.min(instances.size(), (from + wave.size()) * BATCH) + "/"
          + instances.size() + " instances snapshotted");
    }
  }

  private Outcome installOutcome() {
    int patched = count(PatchInstanceState.PATCHED);
    int rolledBack = count(PatchInstanceState.ROLLED_BACK);
    int rollbackFailed = count(PatchInstanceState.ROLLBACK_FAILED);
    int skipped = count(PatchInstanceState.SKIPPED);
    String counts = patched + " patched, " + rolledBack + " rolled back, " + rollbackFailed
        + " rollback failed, " + skipped + " skipped of " + slots.size();
    if (rollbackFailed > 0) {
      return new Outcome(PatchOutcome.ROLLBACK_FAILED, "ROLLBACK FAILED on " + rollbackFailed
          + " instance" + (rollbackFailed == 1 ? "" : "s") + " (may be half patched: "
          + idsIn(PatchInstanceState.ROLLBACK_FAILED).get(0) + " "
          + slots.get(idsIn(PatchInstanceState.ROLLBACK_FAILED).get(0)).reason + "); "
          + counts);
    }
    if (cancelled) {
      return new Outcome(PatchOutcome.CANCELLED, "cancelled during " + phase + ": " + counts);
    }
    if (errors > threshold) {
      return new Outcome(PatchOutcome.FAILED, errors + " errors exceeded MaxErrors "
          + request.maxErrors() + " (" + threshold + "); " + counts);
    }
    if (rolledBack > 0) {
      return new Outcome(PatchOutcome.ROLLED_BACK, rolledBack + " instance"
          + (rolledBack == 1 ? "" : "s") + " failed and restored from the pre-patch snapshot ("
          + firstFailure() + "); " + counts);
    }
    if (patched == 0) {
      return new Outcome(PatchOutcome.FAILED, "no instance was patched (" + firstFailure()
          + "); " + counts);
    }
    return new Outcome(PatchOutcome.SUCCEEDED, counts + ", baseline snapshot "
        + baselineSnapshotId);
  }

  private Outcome afterCancel() {
    if (stopReason == null) {
      stopReason = "cancelled";
    }
    if (slots.values().stream().anyMatch(Slot::inFlight)) {
      setPhase(phase, "cancelled: finishing " + countInFlight() + " instances in flight");
      runLoop(List.of(), 0);
    }
    for (Slot s : slots.values()) {
      if (!s.state.isFinal()) {
        skip(s, "cancelled");
      }
    }
    if (request.operation() == PatchOperation.INSTALL) {
      return installOutcome();
    }
    return new Outcome(PatchOutcome.CANCELLED, "cancelled during " + phase + ": "
        + count(PatchInstanceState.SCANNED) + " scanned of " + slots.size());
  }

  // ---- the command engine ---------------------------------------------------------------------

  private List<Slot> queue = List.of();
  private int next;
  private int window;
  private Promise<AwaitResult> waiting;
  private List<PendingCommand> waitingFor = List.of();

  /** Runs the first step on every queued instance in a sliding window of that size. */
  private void runEngine(List<Slot> instances, int concurrency, Step first) {
    for (Slot s : instances) {
      s.step = null;
    }
    firstStep = first;
    runLoop(instances, concurrency);
  }

  private Step firstStep;

  private void runLoop(List<Slot> instances, int concurrency) {
    queue = instances;
    next = 0;
    window = concurrency;
    while (true) {
      launch();
      dispatch();
      startRestores();
      boolean restoring = slots.values().stream().anyMatch(s -> s.restore != null);
      List<PendingCommand> pending = pendingCommands();
      if (pending.isEmpty() && !restoring && waiting == null
          && (next >= queue.size() || stopReason != null)) {
        return;
      }
      if (pending.isEmpty() && !restoring && waiting == null) {
        continue; // everything launched finished at once (e.g. sends that failed)
      }
      if (waiting == null && !pending.isEmpty()) {
        waitingFor = pending;
        AwaitRequest awaitRequest = new AwaitRequest(pending,
            DeploymentActivityOptions.AWAIT_MAX_WAIT, DeploymentActivityOptions.AWAIT_LINGER);
        // Detached: a wait is short and only observes; a cancel of the run is seen through the
        // scope's cancellation request below, and the cleanup loop goes on with the same wait.
        waiting = detached(() -> Async.function(await::awaitInvocations, awaitRequest));
      }
      List<Promise<?>> wake = new ArrayList<>();
      CancellationScope scope = CancellationScope.current();
      wake.add(scope.getCancellationRequest());
      if (waiting != null) {
        wake.add(waiting);
      }
      for (Slot s : slots.values()) {
        if (s.restore != null) {
          wake.add(s.restore);
        }
      }
      try {
        Promise.anyOf(wake.toArray(new Promise<?>[0])).get();
      } catch (TemporalFailure e) {
        // a failed wait or restore is handled below
      }
      if (scope.isCancelRequested()) {
        throw new CanceledFailure("patch run cancelled");
      }
      if (waiting != null && waiting.isCompleted()) {
        Promise<AwaitResult> done = waiting;
        waiting = null;
        try {
          for (InvocationOutcome o : done.get().finished()) {
            Slot s = slots.get(o.instanceId());
            if (s != null && o.commandId() != null && o.commandId().equals(s.commandId)) {
              apply(s, o);
            }
          }
        } catch (ActivityFailure e) {
          rethrowCancel(e);
          // Not retryable (e.g. a command SSM never knew): its instances cannot be followed.
          String why = "could not follow the command: " + why(e);
          for (PendingCommand c : waitingFor) {
            for (String id : c.instanceIds()) {
              Slot s = slots.get(id);
              if (s != null && c.commandId().equals(s.commandId)) {
                apply(s, new InvocationOutcome(c.commandId(), id, InvocationStatus.FAILED, -1,
                    "AwaitFailed", why));
              }
            }
          }
        }
      }
      for (Slot s : slots.values()) {
        if (s.restore != null && s.restore.isCompleted()) {
          restored(s);
        }
      }
    }
  }

  private void launch() {
    while (stopReason == null && next < queue.size() && countLaunched() < window) {
      if (request.launchCutoffMillis() != 0
          && Workflow.currentTimeMillis() >= request.launchCutoffMillis()
          && (firstStep == Step.INSTALL || firstStep == Step.SCAN)) {
        stopReason = "cutoff";
        log.info("launch cutoff reached: no new instance starts");
        break;
      }
      Slot s = queue.get(next++);
      if (s.state.isFinal()) {
        continue;
      }
      if (firstStep == Step.INSTALL) {
        // Register the compensation before the step it undoes.
        s.compensation = s.snapshots.rootSnapshotId();
        s.state = PatchInstanceState.INSTALLING;
      } else if (firstStep == Step.HEALTH) {
        s.state = PatchInstanceState.HEALTH_CHECK;
      }
      toSend(s, firstStep);
    }
  }

  /** Instances launched in this engine run and not final yet (the window's occupancy). */
  private int countLaunched() {
    int n = 0;
    for (int i = 0; i < next; i++) {
      n += queue.get(i).inFlight() ? 1 : 0;
    }
    return n;
  }

  private void toSend(Slot s, Step step) {
    s.step = step;
    s.toSend = true;
    s.sendKey = null;
    s.commandId = null;
  }

  /** Sends one command per (step, group of at most 50) of the instances ready now. */
  private void dispatch() {
    Map<String, List<Slot>> batches = new LinkedHashMap<>();
    Map<Step, List<Slot>> fresh = new LinkedHashMap<>();
    for (Slot s : slots.values()) {
      if (!s.toSend) {
        continue;
      }
      if (s.sendKey != null) {
        batches.computeIfAbsent(s.sendKey, k -> new ArrayList<>()).add(s);
      } else {
        fresh.computeIfAbsent(s.step, k -> new ArrayList<>()).add(s);
      }
    }
    String run = IdempotencyKeys.of();
    fresh.forEach((step, group) -> {
      for (List<Slot> batch : partition(group)) {
        sequence++;
        String key = run + "/" + step.label + "/b" + sequence;
        for (Slot s : batch) {
          s.sendKey = key;
        }
        batches.put(key, batch);
      }
    });
    if (batches.isEmpty()) {
      return;
    }
    List<Promise<String>> sent = new ArrayList<>();
    List<List<Slot>> order = new ArrayList<>();
    batches.forEach((key, batch) -> {
      order.add(batch);
      // Detached like the waits: a send is quick, and its key makes a resend find it.
      sent.add(detached(() -> sendBatch(key, batch.get(0).step, batch)));
    });
    for (int i = 0; i < sent.size(); i++) {
      List<Slot> batch = order.get(i);
      try {
        String commandId = sent.get(i).get();
        for (Slot s : batch) {
          s.commandId = commandId;
          s.toSend = false;
        }
      } catch (ActivityFailure e) {
        rethrowCancel(e);
        String why = "could not send: " + why(e);
        for (Slot s : batch) {
          s.toSend = false;
          apply(s, new InvocationOutcome(null, s.instanceId, InvocationStatus.FAILED, -1,
              "SendFailed", why));
        }
      }
    }
  }

  private Promise<String> sendBatch(String key, Step step, List<Slot> batch) {
    List<String> ids = batch.stream().map(s -> s.instanceId).toList();
    String label = "patch " + request.operation().awsName() + " " + step.label;
    return sendAny(key, step, ids, label).thenApply(r -> r.commands().get(0).commandId());
  }

  private Promise<io.ssmflow.workflows.command.SendResult> sendAny(String key, Step step, List<String> ids, String label) {
    return switch (step) {
      case SCAN, INSTALL -> Async.function(send::sendPatchBaseline, new PatchBaselineRequest(key,
          label, ids, request.operation().awsName(),
          request.rebootOption() == null ? null : request.rebootOption().awsName(),
          step == Step.INSTALL ? baselineSnapshotId : null, PATCH_TIMEOUT_SECONDS));
      case HEALTH -> Async.function(send::sendShellCommand, new SendCommandRequest(key, label,
          ids, request.healthCommands(), HEALTH_TIMEOUT_SECONDS, DELIVERY_TIMEOUT_SECONDS));
      case VALIDATE, REVALIDATE -> Async.function(send::sendShellCommand, new SendCommandRequest(
          key, label, ids, request.validationCommands(), VALIDATION_TIMEOUT_SECONDS,
          DELIVERY_TIMEOUT_SECONDS));
    };
  }

  /** Applies how one instance's command ended. */
  private void apply(Slot s, InvocationOutcome o) {
    Step step = s.step;
    s.step = null;
    s.commandId = null;
    s.sendKey = null;
    boolean ok = o.status().succeeded();
    String what = InvocationOutcomes.describe(step.label, o, 1);
    switch (step) {
      case HEALTH -> {
        if (ok) {
          s.state = PatchInstanceState.PENDING;
        } else {
          s.healthy = false;
          skip(s, "unhealthy: " + what);
        }
      }
      case SCAN -> {
        if (ok) {
          s.state = PatchInstanceState.SCANNED;
        } else if (notDelivered(o)) {
          skip(s, what);
        } else {
          s.state = PatchInstanceState.FAILED;
          s.reason = what;
          countError(o);
        }
      }
      case INSTALL -> {
        if (ok) {
          if (request.validationCommands().isEmpty()) {
            patched(s);
          } else {
            s.state = PatchInstanceState.VALIDATING;
            toSend(s, Step.VALIDATE);
          }
        } else if (notDelivered(o)) {
          // The agent never got it: nothing was installed, nothing to restore.
          s.compensation = null;
          skip(s, what);
        } else {
          countError(o);
          rollBack(s, what);
        }
      }
      case VALIDATE -> {
        if (ok) {
          patched(s);
        } else {
          errors++;
          stopIfTooManyErrors();
          rollBack(s, what);
        }
      }
      case REVALIDATE -> {
        if (ok) {
          s.state = PatchInstanceState.ROLLED_BACK;
          s.reason = clip(s.reason + "; restored from " + s.compensation + " and valid");
        } else {
          s.state = PatchInstanceState.ROLLBACK_FAILED;
          s.reason = clip(s.reason + "; restored from " + s.compensation + " but " + what);
        }
      }
      default -> throw new IllegalStateException("unknown step " + step);
    }
  }

  private void patched(Slot s) {
    s.state = PatchInstanceState.PATCHED;
    s.reason = null;
    s.compensation = null; // nothing to undo any more
  }

  private void countError(InvocationOutcome o) {
    if (o.status().countsAsError() || o.status() == InvocationStatus.CANCELLED) {
      errors++;
      stopIfTooManyErrors();
    }
  }

  private void stopIfTooManyErrors() {
    if (errors > threshold && stopReason == null) {
      stopReason = "MaxErrors exceeded";
      log.info("{} errors exceed MaxErrors {}: no new instance starts", errors, threshold);
    }
  }

  /** Runs the registered compensation: restore the root volume, then validate again. */
  private void rollBack(Slot s, String why) {
    s.state = PatchInstanceState.ROLLING_BACK;
    s.reason = clip(why);
    if (s.compensation == null) {
      s.state = PatchInstanceState.ROLLBACK_FAILED;
      s.reason = clip(why + "; no pre-patch root snapshot to restore from");
    }
  }

  private void startRestores() {
    for (Slot s : slots.values()) {
      if (s.state == PatchInstanceState.ROLLING_BACK && s.restore == null && s.step == null) {
        String token = IdempotencyKeys.of("restore", s.instanceId);
        // Compensations run detached: cancelling the run must not cancel a restore.
        s.restore = detached(() -> Async.function(restores::restoreRootVolume, s.instanceId,
            s.compensation, token));
      }
    }
  }

  private void restored(Slot s) {
    Promise<String> p = s.restore;
    s.restore = null;
    try {
      String task = p.get();
      log.info("{} restored from {} (task {})", s.instanceId, s.compensation, task);
      if (request.validationCommands().isEmpty()) {
        s.state = PatchInstanceState.ROLLED_BACK;
        s.reason = clip(s.reason + "; restored from " + s.compensation);
      } else {
        toSend(s, Step.REVALIDATE);
      }
    } catch (ActivityFailure e) {
      s.state = PatchInstanceState.ROLLBACK_FAILED;
      s.reason = clip(s.reason + "; restore from " + s.compensation + " failed: " + why(e));
      log.error("ROLLBACK FAILED on {}: {}", s.instanceId, s.reason);
    }
  }

  private List<PendingCommand> pendingCommands() {
    Map<String, List<String>> byCommand = new LinkedHashMap<>();
    for (Slot s : slots.values()) {
      if (s.commandId != null) {
        byCommand.computeIfAbsent(s.commandId, k -> new ArrayList<>()).add(s.instanceId);
      }
    }
    List<PendingCommand> out = new ArrayList<>();
    byCommand.forEach((id, ids) -> out.add(new PendingCommand(id, ids)));
    return out;
  }

  private static boolean notDelivered(InvocationOutcome o) {
    return o.status() == InvocationStatus.DELIVERY_TIMED_OUT
        || o.status() == InvocationStatus.UNDELIVERABLE;
  }

  // ---- finishing ------------------------------------------------------------------------------

  /** Starts the snapshot retention, then notifies. */
  private void finish(Outcome outcome) {
    setPhase("finishing", outcome.outcome().name());
    // Whatever snapshots the run made (even those of a cancelled snapshot call) carry its tags.
    if (request.operation() == PatchOperation.INSTALL && snapshotsRequested
        && !request.keepSnapshots()) {
      startRetention();
    }
    notifyPeople(outcome);
    setPhase("done", outcome.outcome().name() + ": " + outcome.message());
  }

  private void startRetention() {
    Duration retention = request.snapshotRetention() == null ? DEFAULT_RETENTION
        : request.snapshotRetention();
    String parentId = Workflow.getInfo().getWorkflowId();
    String runId = Workflow.getInfo().getRunId();
    String id = PatchIds.retentionWorkflowId(parentId);
    if (!startRetention(id, parentId, runId, retention)) {
      // The same patch intent ran before and its retention still waits: this run's own.
      String own = id + "-" + runId.substring(0, Math.min(8, runId.length()));
      if (!startRetention(own, parentId, runId, retention)) {
        log.error("snapshot retention could not start; delete the snapshots tagged {}={} by"
            + " hand", PatchActivities.RUN_ID_TAG, runId);
        return;
      }
      id = own;
    }
    retentionWorkflowId = id;
    deleteAtMillis = Workflow.currentTimeMillis() + retention.toMillis();
  }

  private boolean startRetention(String id, String parentId, String runId, Duration retention) {
    io.temporal.common.SearchAttributes attributes = Workflow.getTypedSearchAttributes();
    ChildWorkflowOptions.Builder options = ChildWorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setStaticSummary("delete the pre-patch snapshots of " + parentId + " after "
            + retention);
    if (attributes.size() > 0) {
      options.setTypedSearchAttributes(attributes);
    }
    SnapshotRetentionWorkflow child =
        Workflow.newChildWorkflowStub(SnapshotRetentionWorkflow.class, options.build());
    Async.function(child::retain, parentId, runId, retention,
        idsIn(PatchInstanceState.ROLLBACK_FAILED));
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
    String what = "ssmflow patch " + request.operation().awsName() + " "
        + request.targets().describe() + " in " + request.environment();
    String subject = o == PatchOutcome.ROLLBACK_FAILED ? "ALERT ROLLBACK FAILED: " + what
        : o.isSuccess() ? what + ": SUCCEEDED" : "ALERT " + o + ": " + what;
    Notifications.publish(notifications, request.snsTopicArn(), subject,
        () -> summary(outcome), e -> log.warn("SNS message not published: {}", why(e)));
    Notifications.putMetrics(notifications, request.metricsNamespace(), Map.of("Operation",
        request.operation().awsName(), "Environment", request.environment()), () -> List.of(
            new MetricDatum("InstancesPatched", count(PatchInstanceState.PATCHED), "Count"),
            new MetricDatum("InstancesRolledBack", count(PatchInstanceState.ROLLED_BACK),
                "Count"),
            new MetricDatum("RollbackFailures", count(PatchInstanceState.ROLLBACK_FAILED),
                "Count"),
            new MetricDatum("PatchDurationSeconds", durationSeconds(), "Seconds")),
        e -> log.warn("CloudWatch metrics not put: {}", why(e)));
  }

  private String summary(Outcome outcome) {
    StringBuilder b = new StringBuilder();
    b.append("Patch run ").append(Workflow.getInfo().getWorkflowId()).append(": ")
        .append(outcome.outcome()).append('\n').append(outcome.message()).append('\n');
    if (baselineSnapshotId != null) {
      b.append("Baseline snapshot id: ").append(baselineSnapshotId).append('\n');
    }
    int listed = 0;
    for (PatchInstanceState state : List.of(PatchInstanceState.ROLLBACK_FAILED,
        PatchInstanceState.ROLLED_BACK, PatchInstanceState.FAILED)) {
      for (Slot s : slots.values()) {
        if (s.state == state && listed++ < 20) {
          b.append(state).append(' ').append(s.instanceId).append(": ").append(s.reason);
          if (state == PatchInstanceState.ROLLBACK_FAILED && s.snapshots != null) {
            b.append(" (pre-patch snapshots ").append(s.snapshots.snapshotIds()).append(')');
          }
          b.append('\n');
        }
      }
    }
    if (retentionWorkflowId != null) {
      b.append("Pre-patch snapshots deleted by ").append(retentionWorkflowId).append(" after ")
          .append(request.snapshotRetention() == null ? DEFAULT_RETENTION
              : request.snapshotRetention()).append('\n');
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
    return new PatchResult(outcome.outcome(), outcome.message(), request.operation(),
        baselineSnapshotId, slots.size(), count(PatchInstanceState.SCANNED),
        count(PatchInstanceState.PATCHED), count(PatchInstanceState.ROLLED_BACK),
        count(PatchInstanceState.ROLLBACK_FAILED), count(PatchInstanceState.FAILED), skipped,
        instances, retentionWorkflowId, deleteAtMillis, durationSeconds());
  }

  @Override
  public PatchProgress progress() {
    int pending = 0;
    int inFlight = 0;
    int done = 0;
    int failed = 0;
    int skipped = ineligible.size();
    for (Slot s : slots.values()) {
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
    return new PatchProgress(phase, detail, slots.size(), pending, inFlight, done, failed,
        skipped, page);
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
    return state == PatchInstanceState.FAILED || state == PatchInstanceState.ROLLED_BACK
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
    s.step = null;
    s.toSend = false;
  }

  private int count(PatchInstanceState state) {
    int n = 0;
    for (Slot s : slots.values()) {
      n += s.state == state ? 1 : 0;
    }
    return n;
  }

  private int countInFlight() {
    int n = 0;
    for (Slot s : slots.values()) {
      n += s.inFlight() ? 1 : 0;
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
    String message = cause instanceof ApplicationFailure a ? a.getOriginalMessage()
        : cause.getMessage();
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
