package io.ssmflow.workflows.deploy.rollout;

import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.deploy.DeploymentRequest;
import io.ssmflow.workflows.command.AwaitResult;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.IdempotencyKeys;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationOutcomes;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.deploy.DeploymentActivityOptions;
import io.ssmflow.workflows.deploy.DeploymentStep;
import io.ssmflow.workflows.deploy.InstanceProgress;
import io.ssmflow.workflows.deploy.InstanceState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The sliding-window engine of one slice. Each loop: launch instances into free slots, send the
 * next command of every instance that is ready (instances ready for the same step share one
 * SendCommand of at most 50 ids), then make ONE awaitInvocations call covering every command in
 * flight; it answers as soon as some invocations end, so those instances advance at once (no
 * lockstep) and finished ones free their slot for the next launch.
 */
public class RolloutWorkflowImpl implements RolloutWorkflow {
  /** Periodic reports to the parent are at most this frequent unless the request says. */
  static final long REPORT_INTERVAL_MILLIS = 10_000;
  /** The periodic interval doubles after every this many reports, bounding a long run's. */
  static final int REPORTS_PER_DOUBLING = 100;
  private static final int DELIVERY_TIMEOUT_SECONDS = 120;
  private static final int MAX_FAILURES_PER_REPORT = 20;
  private static final int MAX_PAGE = 1_000;

  private static final Logger log = Workflow.getLogger(RolloutWorkflowImpl.class);

  private final CommandActivities send =
      Workflow.newActivityStub(CommandActivities.class, DeploymentActivityOptions.send());
  private final CommandActivities await =
      Workflow.newActivityStub(CommandActivities.class, DeploymentActivityOptions.await());

  private RolloutRequest request;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<String, Slot> byId = new HashMap<>();
  private int nextToLaunch;
  private long sequence;
  private int errors;
  private boolean paused;
  private String stopReason;
  private long lastReportMillis;
  private int reportedErrors;
  private int reportsSent;
  private final List<InstanceProgress> unreportedFailures = new ArrayList<>();
  private boolean dirty;

  @Override
  public RolloutResult run(RolloutRequest input) {
    request = input;
    restore(input);
    try {
      loop();
    } catch (CanceledFailure e) {
      // Cancelled: stop launching, let in-flight instances finish (and roll back when they
      // fail) in a detached scope, so no instance is left half-deployed by the cancel.
      stopReason = stopReason == null ? "cancelled" : stopReason;
      Workflow.newDetachedCancellationScope(this::loop).run();
    }
    for (Slot s : slots) {
      if (s.state == InstanceState.PENDING) {
        s.state = InstanceState.SKIPPED;
        s.reason = DeploymentRequest.CUTOFF.equals(stopReason) ? DeploymentRequest.CUTOFF
            : "not started: " + stopReason;
      }
    }
    List<InstanceProgress> out = new ArrayList<>(slots.size());
    int failed = 0;
    for (Slot s : slots) {
      out.add(s.progress());
      failed += s.deployFailed ? 1 : 0;
    }
    return new RolloutResult(out, errors, failed, stopReason);
  }

  private void loop() {
    while (true) {
      launch();
      dispatchReady();
      if (finished()) {
        return;
      }
      maybeReport(false);
      List<PendingCommand> pending = pendingCommands();
      long now = Workflow.currentTimeMillis();
      long nextReady = nextReadyMillis();
      if (!pending.isEmpty()) {
        Duration wait = DeploymentActivityOptions.AWAIT_MAX_WAIT;
        if (nextReady != Long.MAX_VALUE) {
          wait = Duration.ofMillis(Math.max(1_000, Math.min(wait.toMillis(), nextReady - now)));
        }
        AwaitResult result = await.awaitInvocations(
            new AwaitRequest(pending, wait, DeploymentActivityOptions.AWAIT_LINGER));
        for (InvocationOutcome outcome : result.finished()) {
          apply(outcome);
        }
      } else if (nextReady != Long.MAX_VALUE) {
        Workflow.sleep(Duration.ofMillis(Math.max(1, nextReady - now)));
      } else {
        // Nothing in flight and nothing to retry: launching is paused. Tell the parent once,
        // then wait for resume or stop.
        maybeReport(true);
        Workflow.await(() -> !paused || stopReason != null);
      }
      continueAsNewIfLong();
    }
  }

  private void launch() {
    while (!paused && stopReason == null && nextToLaunch < slots.size()
        && inFlight() < request.concurrency()) {
      Slot s = slots.get(nextToLaunch++);
      s.state = InstanceState.IN_PROGRESS;
      s.stepIndex = 0;
      s.attempt = 1;
      s.stepName = request.steps().get(0).name();
      dirty = true;
    }
  }

  /** Sends one command per (step, group of at most 50) of the instances ready now. */
  private void dispatchReady() {
    long now = Workflow.currentTimeMillis();
    Map<String, List<Slot>> groups = new LinkedHashMap<>();
    for (Slot s : slots) {
      if (s.waitingToSend() && s.readyAtMillis <= now) {
        String key = s.state == InstanceState.ROLLING_BACK ? "rollback" : "step" + s.stepIndex;
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      }
    }
    if (groups.isEmpty()) {
      return;
    }
    List<List<Slot>> batches = new ArrayList<>();
    List<Promise<String>> sent = new ArrayList<>();
    for (List<Slot> group : groups.values()) {
      DeploymentStep step = stepOf(group.get(0));
      for (int from = 0; from < group.size(); from += SendCommandRequest.MAX_INSTANCES) {
        List<Slot> batch = group.subList(from,
            Math.min(group.size(), from + SendCommandRequest.MAX_INSTANCES));
        List<String> ids = batch.stream().map(x -> x.instanceId).toList();
        sequence++;
        String key = IdempotencyKeys.of(step.name(), "g" + sequence);
        SendCommandRequest req = new SendCommandRequest(key,
            request.label() + " " + step.name(), ids, step.commands(), step.timeoutSeconds(),
            DELIVERY_TIMEOUT_SECONDS);
        batches.add(batch);
        sent.add(Async.function(send::sendShellCommand, req).thenApply(r -> r.commands().get(0).commandId()));
      }
    }
    for (int i = 0; i < batches.size(); i++) {
      List<Slot> batch = batches.get(i);
      try {
        String commandId = sent.get(i).get();
        for (Slot s : batch) {
          s.commandId = commandId;
        }
      } catch (ActivityFailure e) {
        // The command could not be sent even after retries: each instance's attempt fails.
        String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        for (Slot s : batch) {
          applyTo(s, new InvocationOutcome(null, s.instanceId, InvocationStatus.FAILED, -1,
              "SendFailed", "could not send: " + why));
        }
      }
    }
  }

  private void apply(InvocationOutcome outcome) {
    Slot s = byId.get(outcome.instanceId());
    if (s == null || s.commandId == null || !s.commandId.equals(outcome.commandId())) {
      return; // not ours, or an answer for a command the instance no longer waits for
    }
    applyTo(s, outcome);
  }

  private void applyTo(Slot s, InvocationOutcome outcome) {
    dirty = true;
    s.commandId = null;
    boolean rollingBack = s.state == InstanceState.ROLLING_BACK;
    DeploymentStep step = stepOf(s);
    InvocationStatus status = outcome.status();
    if (status.succeeded()) {
      if (rollingBack) {
        s.state = InstanceState.ROLLED_BACK;
        s.reason = s.reason + "; rolled back";
      } else if (s.stepIndex + 1 < request.steps().size()) {
        s.stepIndex++;
        s.attempt = 1;
        s.readyAtMillis = 0;
        s.stepName = request.steps().get(s.stepIndex).name();
      } else if (request.mode() == RolloutMode.DEPLOY) {
        s.state = InstanceState.SUCCEEDED;
      } else {
        s.state = InstanceState.ROLLED_BACK;
        s.reason = "rolled back by the failure policy";
      }
      return;
    }
    String what = InvocationOutcomes.describe(step.name(), outcome, step.attempts());
    if (status == InvocationStatus.DELIVERY_TIMED_OUT || status == InvocationStatus.UNDELIVERABLE) {
      if (rollingBack || request.mode() == RolloutMode.ROLLBACK) {
        s.state = InstanceState.ROLLBACK_FAILED;
        s.reason = rollingBack ? s.reason + "; rollback " + what : "rollback " + what;
        noteFailure(s);
      } else {
        s.state = InstanceState.SKIPPED;
        s.reason = what;
      }
      return;
    }
    if (s.attempt < step.attempts()) {
      s.attempt++;
      s.readyAtMillis = Workflow.currentTimeMillis() + step.retryDelay().toMillis();
      return;
    }
    if (rollingBack || request.mode() == RolloutMode.ROLLBACK) {
      s.state = InstanceState.ROLLBACK_FAILED;
      s.reason = rollingBack ? s.reason + "; rollback " + what : "rollback " + what;
      noteFailure(s);
      return;
    }
    s.deployFailed = true;
    if (status.countsAsError()) {
      errors++;
      if (errors > request.errorThreshold() && stopReason == null) {
        stopReason = "MaxErrors exceeded";
        log.info("{} errors exceed the threshold {}: no new instance starts", errors,
            request.errorThreshold());
      }
    }
    s.reason = what;
    if (request.rollback() != null) {
      s.state = InstanceState.ROLLING_BACK;
      s.attempt = 1;
      s.readyAtMillis = 0;
    } else {
      s.state = InstanceState.FAILED;
    }
    noteFailure(s);
  }

  private void noteFailure(Slot s) {
    if (unreportedFailures.size() < MAX_FAILURES_PER_REPORT) {
      unreportedFailures.add(s.progress());
    }
  }

  /**
   * Tells the parent how the slice is doing: as soon as errorReportBatch errors are unreported
   * (while launching goes on: after a stop they cannot matter), when going idle, and otherwise
   * at most every reportIntervalMillis, doubled every 100 reports, so the number of signals (and
   * history events on both sides) stays bounded however long the slice runs.
   */
  private void maybeReport(boolean idle) {
    Optional<String> parent = Workflow.getInfo().getParentWorkflowId();
    if (parent.isEmpty()) {
      return;
    }
    long now = Workflow.currentTimeMillis();
    boolean errorNews = request.errorReportBatch() > 0 && stopReason == null
        && errors - reportedErrors >= request.errorReportBatch();
    long interval = request.reportIntervalMillis() > 0 ? request.reportIntervalMillis()
        : REPORT_INTERVAL_MILLIS;
    interval <<= Math.min(20, reportsSent / REPORTS_PER_DOUBLING);
    boolean due = dirty && now - lastReportMillis >= interval;
    if (!errorNews && !due && !(idle && dirty)) {
      return;
    }
    SliceReport report = new SliceReport(Workflow.getInfo().getWorkflowId(), progress(),
        unreportedFailures);
    try {
      Workflow.newUntypedExternalWorkflowStub(parent.get()).signal(RolloutParent.SIGNAL, report);
    } catch (SignalExternalWorkflowException e) {
      log.warn("could not report to {}: {}", parent.get(), e.getMessage());
    }
    unreportedFailures.clear();
    reportedErrors = errors;
    lastReportMillis = now;
    reportsSent++;
    dirty = false;
  }

  private void continueAsNewIfLong() {
    if (Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() > request.historyBudget()) {
      // No activity is outstanding here: in-flight commands travel as ids in the state.
      Workflow.await(Workflow::isEveryHandlerFinished);
      log.info("continuing as new after {} events", Workflow.getInfo().getHistoryLength());
      Workflow.continueAsNew(request.withState(snapshot()));
    }
  }

  private boolean finished() {
    return inFlight() == 0 && (nextToLaunch >= slots.size() || stopReason != null);
  }

  private int inFlight() {
    int n = 0;
    for (Slot s : slots) {
      if (s.state == InstanceState.IN_PROGRESS || s.state == InstanceState.ROLLING_BACK) {
        n++;
      }
    }
    return n;
  }

  private long nextReadyMillis() {
    long next = Long.MAX_VALUE;
    for (Slot s : slots) {
      if (s.waitingToSend()) {
        next = Math.min(next, s.readyAtMillis);
      }
    }
    return next;
  }

  private List<PendingCommand> pendingCommands() {
    Map<String, List<String>> byCommand = new LinkedHashMap<>();
    for (Slot s : slots) {
      if (s.commandId != null) {
        byCommand.computeIfAbsent(s.commandId, k -> new ArrayList<>()).add(s.instanceId);
      }
    }
    List<PendingCommand> out = new ArrayList<>();
    byCommand.forEach((id, ids) -> out.add(new PendingCommand(id, ids)));
    return out;
  }

  private DeploymentStep stepOf(Slot s) {
    return s.state == InstanceState.ROLLING_BACK ? request.rollback()
        : request.steps().get(s.stepIndex);
  }

  @Override
  public void stopLaunching(String reason) {
    if (stopReason == null) {
      stopReason = reason == null || reason.isBlank() ? "stopped" : reason;
    }
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  @Override
  public RolloutProgress progress() {
    int pending = 0;
    int inFlight = 0;
    int succeeded = 0;
    int failed = 0;
    int rolledBack = 0;
    int rollbackFailed = 0;
    int skipped = 0;
    for (Slot s : slots) {
      failed += s.deployFailed ? 1 : 0;
      switch (s.state) {
        case PENDING -> pending++;
        case IN_PROGRESS, ROLLING_BACK -> inFlight++;
        case SUCCEEDED -> succeeded++;
        case ROLLED_BACK -> rolledBack++;
        case ROLLBACK_FAILED -> rollbackFailed++;
        case SKIPPED -> skipped++;
        case FAILED -> { }
        default -> { }
      }
    }
    return new RolloutProgress(slots.size(), pending, inFlight, succeeded, failed, errors,
        rolledBack, rollbackFailed, skipped, paused, stopReason);
  }

  @Override
  public List<InstanceProgress> instances(int offset, int limit) {
    int from = Math.max(0, Math.min(offset, slots.size()));
    int to = Math.min(slots.size(), from + Math.max(0, Math.min(limit, MAX_PAGE)));
    List<InstanceProgress> page = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      page.add(slots.get(i).progress());
    }
    return page;
  }

  private void restore(RolloutRequest input) {
    RolloutState state = input.state();
    if (state == null) {
      for (String id : input.instanceIds()) {
        add(new Slot(new SlotState(id, InstanceState.PENDING, -1, 0, null, 0, null, null,
            false)));
      }
      return;
    }
    for (SlotState s : state.slots()) {
      add(new Slot(s));
    }
    nextToLaunch = state.nextToLaunch();
    sequence = state.sequence();
    errors = state.errors();
    // A pause or stop signalled before this run began is already applied by its handler;
    // keep whichever is set.
    paused = paused || state.paused();
    stopReason = stopReason != null ? stopReason : state.stopReason();
    lastReportMillis = state.lastReportMillis();
    reportedErrors = state.reportedErrors();
    reportsSent = state.reportsSent();
  }

  private void add(Slot s) {
    slots.add(s);
    byId.put(s.instanceId, s);
  }

  private RolloutState snapshot() {
    List<SlotState> states = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      states.add(s.state());
    }
    return new RolloutState(states, nextToLaunch, sequence, errors, paused, stopReason,
        lastReportMillis, reportedErrors, reportsSent);
  }

  /** The mutable form of {@link SlotState}, local to one run. */
  private static final class Slot {
    final String instanceId;
    InstanceState state;
    int stepIndex;
    int attempt;
    String commandId;
    long readyAtMillis;
    String stepName;
    String reason;
    boolean deployFailed;

    Slot(SlotState s) {
      instanceId = s.instanceId();
      state = s.state();
      stepIndex = s.stepIndex();
      attempt = s.attempt();
      commandId = s.commandId();
      readyAtMillis = s.readyAtMillis();
      stepName = s.stepName();
      reason = s.reason();
      deployFailed = s.deployFailed();
    }

    boolean waitingToSend() {
      return commandId == null
          && (state == InstanceState.IN_PROGRESS || state == InstanceState.ROLLING_BACK);
    }

    SlotState state() {
      return new SlotState(instanceId, state, stepIndex, attempt, commandId, readyAtMillis,
          stepName, reason, deployFailed);
    }

    InstanceProgress progress() {
      String step = state == InstanceState.ROLLING_BACK ? "rollback" : stepName;
      return new InstanceProgress(instanceId, state, step, reason);
    }
  }
}
