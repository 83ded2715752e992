package io.ssmflow.workflows.fleetrun;

import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.AwaitResult;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PendingCommand;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A slice's loop: fill the window's slots it holds with its next instances, send the next step of
 * every instance that is ready (instances ready for the same step share one SendCommand of at most
 * 50 ids), then ONE awaitInvocations covering every command in flight. The wait answers as soon as
 * some invocations end, so each instance advances on its own (no lockstep) and a slot freed by an
 * instance that ended takes the slice's next instance at once, without asking the parent. Grants
 * and ended activity steps (snapshot, restore) are acted on while a wait runs.
 */
public class FleetRunWorkflowImpl implements FleetRunWorkflow {
  private static final Logger log = Workflow.getLogger(FleetRunWorkflowImpl.class);
  private static final int MAX_PAGE = 1_000;

  private final CommandActivities send =
      Workflow.newActivityStub(CommandActivities.class, FleetRunOptions.send());
  private final CommandActivities await =
      Workflow.newActivityStub(CommandActivities.class, FleetRunOptions.await());
  private final CommandActivities quick =
      Workflow.newActivityStub(CommandActivities.class, FleetRunOptions.quick());
  private final Dispatcher dispatcher = new Dispatcher(send);
  private final RestorePoints restorePoints = new RestorePoints();

  private SliceRequest request;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<String, Slot> byId = new HashMap<>();

  /** Slots of the window the parent gave, ever; {@link #released} of them went back. */
  private int granted;

  private int released;
  private int launched;
  private boolean finishRequested;
  private boolean hold;
  private Boolean holdSignalled;
  private int otherErrors;
  private int reportedLaunched;
  private int reportedReleased;
  private long startedMillis;
  private int errors;
  private int finished;
  private final List<InstanceResult> unreported = new ArrayList<>();
  private long lastReportMillis;
  private boolean errorNews;

  @Override
  public SliceReport run(SliceRequest input) {
    request = input;
    restore(input);
    try {
      loop();
    } catch (CanceledFailure e) {
      // The slice itself was cancelled (not through its parent): launch nothing more, let the
      // instances in flight finish (and be compensated) in a detached scope.
      finishRequested = true;
      Workflow.newDetachedCancellationScope(this::loop).run();
    }
    List<InstanceResult> last = new ArrayList<>(unreported);
    unreported.clear();
    return new SliceReport(
        Workflow.getInfo().getWorkflowId(), last, finished, errors, launched, granted);
  }

  private void loop() {
    while (true) {
      launch();
      for (Dispatcher.Applied a : dispatcher.dispatch(slots, request.plan(), now())) {
        applied(a.slot(), a.effect());
      }
      restorePoints.start(slots, request.plan());
      cutStuckInvocations();
      if ((finishRequested || launched >= slots.size()) && activeCount() == 0) {
        return;
      }
      maybeReport();
      waitForNews();
      for (RestorePoints.Ended e : restorePoints.collect(request.plan(), now())) {
        applied(e.slot(), e.effect());
      }
      continueAsNewIfLong();
    }
  }

  /**
   * Fills the free slots it holds with its next instances; gives back the slots it has no more use
   * for (every instance launched, or no more launches).
   */
  private void launch() {
    while (canLaunch()) {
      if (launched - reportedLaunched >= launchSlack(held(), slots.size())) {
        // The parent is never more than this behind on what the slice launched: if the slice
        // fails, that bounds which of its instances may have started.
        report(true);
      }
      Slot s = slots.get(launched++);
      s.state = RunState.RUNNING;
      s.stepIndex = 0;
      s.attempt = 1;
    }
    if (launched >= slots.size() || finishRequested) {
      released += Math.max(0, held() - inFlight());
    }
  }

  /** How many launches a slice may make past its last report: its slots, or a report's batch. */
  static int launchSlack(int held, int sliceSize) {
    return Math.max(held, SliceRequest.reportBatch(sliceSize));
  }

  /** Whether a free slot may take the next instance now. */
  private boolean canLaunch() {
    return launched < slots.size() && inFlight() < held() && mayLaunch();
  }

  /**
   * Not held, not finished, before the cutoff, and the errors known here (the slice's own and the
   * others' as of the parent's last grant) within MaxErrors: SSM starts no new target once errors
   * exceed it.
   */
  private boolean mayLaunch() {
    return !finishRequested
        && !hold
        && (long) otherErrors + errors <= request.errorThreshold()
        && (request.launchCutoffMillis() <= 0 || now() < request.launchCutoffMillis());
  }

  /** Slots of the window this slice holds. */
  private int held() {
    return granted - released;
  }

  /** Launched instances not final yet. */
  private int inFlight() {
    return launched - finished;
  }

  /** Waits for invocations to end, a grant, an activity step or a retry delay. */
  private void waitForNews() {
    List<PendingCommand> pending = pendingCommands();
    long now = now();
    long nextTimer = nextTimerMillis();
    if (pending.isEmpty()) {
      if (activeCount() == 0 || (nextTimer == Long.MAX_VALUE && !restorePoints.running())) {
        // Nothing in flight: tell the parent at once, then wait for a grant or the end.
        report(false);
        Workflow.await(() -> canLaunch() || finishRequested || restorePoints.anyEnded());
        return;
      }
      Duration wait =
          nextTimer == Long.MAX_VALUE ? null : Duration.ofMillis(Math.max(1, nextTimer - now));
      if (wait == null) {
        Workflow.await(() -> canLaunch() || restorePoints.anyEnded());
      } else {
        Workflow.await(wait, () -> canLaunch() || restorePoints.anyEnded());
      }
      return;
    }
    Duration maxWait = FleetRunOptions.AWAIT_MAX_WAIT;
    if (nextTimer != Long.MAX_VALUE) {
      maxWait = Duration.ofMillis(Math.max(1_000, Math.min(maxWait.toMillis(), nextTimer - now)));
    }
    AwaitRequest ask =
        new AwaitRequest(pending, maxWait, FleetRunOptions.AWAIT_LINGER, earliestSendMillis());
    Promise<AwaitResult> answer = Async.function(await::awaitInvocations, ask);
    // While the wait runs, grants and ended activity steps are acted on at once (their
    // commands are sent now and followed by the next wait); the wait itself is never
    // cancelled, so no command's answer is lost in a race with a cancel.
    while (true) {
      Workflow.await(() -> answer.isCompleted() || restorePoints.anyEnded() || canLaunch());
      if (answer.isCompleted()) {
        break;
      }
      for (RestorePoints.Ended e : restorePoints.collect(request.plan(), now())) {
        applied(e.slot(), e.effect());
      }
      launch();
      for (Dispatcher.Applied a : dispatcher.dispatch(slots, request.plan(), now())) {
        applied(a.slot(), a.effect());
      }
      restorePoints.start(slots, request.plan());
    }
    try {
      for (InvocationOutcome o : answer.get().finished()) {
        Slot s = byId.get(o.instanceId());
        if (s != null && s.commandId != null && s.commandId.equals(o.commandId())) {
          applied(s, StepOutcomes.apply(s, request.plan(), o, now()));
        }
      }
    } catch (TemporalFailure e) {
      if (e instanceof CanceledFailure
          || e.getCause() instanceof CanceledFailure
          || CancellationScope.current().isCancelRequested()) {
        throw new CanceledFailure("slice cancelled");
      }
      // Not retryable (a command SSM never knew): its instances cannot be followed.
      String why = "could not follow the command: " + Failures.message(e);
      for (PendingCommand c : pending) {
        for (String id : c.instanceIds()) {
          Slot s = byId.get(id);
          if (s != null && c.commandId().equals(s.commandId)) {
            applied(
                s,
                StepOutcomes.apply(
                    s,
                    request.plan(),
                    new InvocationOutcome(
                        c.commandId(), id, InvocationStatus.FAILED, -1, "AwaitFailed", why),
                    now()));
          }
        }
      }
    }
  }

  /**
   * An invocation that SSM never finishes would hold its instance forever: past its execution
   * timeout plus its delivery timeout plus a grace, the command is cancelled there and the
   * instance's step fails as timed out.
   */
  private void cutStuckInvocations() {
    long now = now();
    Map<String, List<Slot>> stuck = new LinkedHashMap<>();
    for (Slot s : slots) {
      if (s.commandId != null && s.deadlineMillis > 0 && now >= s.deadlineMillis) {
        stuck.computeIfAbsent(s.commandId, k -> new ArrayList<>()).add(s);
      }
    }
    stuck.forEach(
        (commandId, group) -> {
          List<String> ids = group.stream().map(s -> s.instanceId).toList();
          try {
            quick.cancelCommand(commandId, ids);
          } catch (TemporalFailure e) {
            log.warn("could not cancel stuck command {}: {}", commandId, Failures.message(e));
          }
          for (Slot s : group) {
            RunStep step = s.step(request.plan());
            long limit =
                step.executionTimeoutSeconds()
                    + step.deliveryTimeoutSeconds()
                    + FleetRunOptions.INVOCATION_GRACE.toSeconds();
            applied(
                s,
                StepOutcomes.apply(
                    s,
                    request.plan(),
                    new InvocationOutcome(
                        commandId,
                        s.instanceId,
                        InvocationStatus.TIMED_OUT,
                        -1,
                        "ExecutionTimedOut",
                        "no final status from SSM within " + limit + " s; command cancelled"),
                    now));
          }
        });
  }

  private void applied(Slot s, StepOutcomes.Effect effect) {
    if (effect.error()) {
      errors++;
      errorNews = true;
    }
    if (effect.finished()) {
      finished++;
      unreported.add(s.result(request.plan()));
    }
  }

  /**
   * Reports to the parent: at once when errors can matter and there are new ones; when a grant's
   * worth of slots went back (the window hands them to the next slice); when {@link
   * SliceRequest#reportBatch} instances finished; otherwise now and then ({@link
   * SliceRequest#periodicInterval}) while instances finish. Launches never wait for a report (a
   * slice refills its own slots), and the parent's history grows with each, so they are bounded by
   * count (N / batch, the hand-overs, the errors) plus a number that grows with the log of the
   * run's length.
   */
  private void maybeReport() {
    int releases = released - reportedReleased;
    boolean urgent = errorNews && request.reportErrorsAtOnce();
    // A slice with nothing left to launch hands its freed slots over at the end of each turn: the
    // next slice waits for them, and there are at most as many such reports as turns.
    boolean handOver =
        releases >= Math.max(1, request.releaseBatch())
            || (releases > 0 && launched >= slots.size() && !finishRequested);
    boolean batch = unreported.size() >= SliceRequest.reportBatch(slots.size());
    boolean periodic =
        (!unreported.isEmpty() || releases > 0)
            && now() - lastReportMillis >= request.periodicInterval(now() - startedMillis);
    if (urgent || handOver || batch || periodic) {
      report(false);
    }
  }

  private void report(boolean always) {
    if (!always && unreported.isEmpty() && !errorNews && released == reportedReleased) {
      return;
    }
    SliceReport r =
        new SliceReport(
            Workflow.getInfo().getWorkflowId(),
            new ArrayList<>(unreported),
            finished,
            errors,
            launched,
            released);
    Workflow.newUntypedExternalWorkflowStub(request.parentId()).signal(FleetRunParent.SIGNAL, r);
    unreported.clear();
    errorNews = false;
    lastReportMillis = now();
    reportedLaunched = launched;
    reportedReleased = released;
  }

  private void continueAsNewIfLong() {
    boolean long_ =
        Workflow.getInfo().isContinueAsNewSuggested()
            || Workflow.getInfo().getHistoryLength() > request.historyBudget();
    if (!long_ || restorePoints.running()) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    log.info("continuing as new after {} events", Workflow.getInfo().getHistoryLength());
    List<SlotState> states = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      states.add(s.state());
    }
    Workflow.continueAsNew(
        request.withState(
            new SliceState(
                states,
                granted,
                released,
                launched,
                finishRequested,
                hold,
                otherErrors,
                dispatcher.sequence(),
                errors,
                finished,
                unreported,
                lastReportMillis,
                reportedLaunched,
                reportedReleased,
                startedMillis)));
  }

  private int activeCount() {
    int n = 0;
    for (int i = 0; i < launched; i++) {
      n += slots.get(i).active() ? 1 : 0;
    }
    return n;
  }

  private long nextTimerMillis() {
    long next = Long.MAX_VALUE;
    for (int i = 0; i < launched; i++) {
      Slot s = slots.get(i);
      if (s.active() && s.commandId == null && !s.busy && s.readyAtMillis > 0) {
        next = Math.min(next, s.readyAtMillis);
      }
      if (s.commandId != null && s.deadlineMillis > 0) {
        next = Math.min(next, s.deadlineMillis);
      }
    }
    return next;
  }

  private long earliestSendMillis() {
    long earliest = Long.MAX_VALUE;
    for (Slot s : slots) {
      if (s.commandId != null) {
        earliest = Math.min(earliest, s.sentAtMillis);
      }
    }
    return earliest == Long.MAX_VALUE ? 0 : earliest;
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

  private static long now() {
    return Workflow.currentTimeMillis();
  }

  @Override
  public void grant(Grant grant) {
    granted += Math.max(0, grant.slots());
    otherErrors = Math.max(otherErrors, grant.otherErrors());
  }

  @Override
  public void hold(boolean hold) {
    this.hold = hold;
    holdSignalled = hold;
  }

  @Override
  public void finish() {
    finishRequested = true;
  }

  @Override
  public List<InstanceResult> instances(int offset, int limit) {
    int from = Math.max(0, Math.min(offset, slots.size()));
    int to = Math.min(slots.size(), from + Math.max(0, Math.min(limit, MAX_PAGE)));
    List<InstanceResult> page = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      page.add(slots.get(i).result(request.plan()));
    }
    return page;
  }

  private void restore(SliceRequest input) {
    SliceState state = input.state();
    if (state == null) {
      for (String id : input.instanceIds()) {
        add(Slot.pending(id, input.restorePoints().getOrDefault(id, List.of())));
      }
      granted += input.granted();
      otherErrors = Math.max(otherErrors, input.otherErrors());
      startedMillis = now();
      lastReportMillis = startedMillis;
      return;
    }
    for (SlotState s : state.slots()) {
      add(new Slot(s));
    }
    // Grants or a finish signalled before this run began are already applied by the handlers.
    // A hold signalled before this run began wins over the carried one.
    granted += state.granted();
    released = state.released();
    launched = state.launched();
    finishRequested = finishRequested || state.finishRequested();
    hold = holdSignalled != null ? holdSignalled : state.hold();
    otherErrors = Math.max(otherErrors, state.otherErrors());
    reportedLaunched = state.reportedLaunched();
    reportedReleased = state.reportedReleased();
    startedMillis = state.startedMillis();
    dispatcher.restore(state.sequence());
    errors = state.errors();
    finished = state.finished();
    unreported.addAll(state.unreported());
    lastReportMillis = state.lastReportMillis();
  }

  private void add(Slot s) {
    slots.add(s);
    byId.put(s.instanceId, s);
  }
}
