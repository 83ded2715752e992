package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.core.Knobs;
import io.ssmflow.simulator.fleet.ExecutionMode;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives commands on the simulated agents: the MaxConcurrency window and MaxErrors stop, the
 * per-instance FIFO (one command at a time), delivery (Pending, Delayed while the agent is
 * unreachable, DeliveryTimedOut when TimeoutSeconds passes), execution (real shell, simulated
 * latency, or patching) with faults, cancellation and timeouts.
 *
 * <p>Threads: a small scheduler runs every timer (no thread per instance or per invocation, so
 * 10,000 simulated instances cost nothing while they wait); a bounded pool runs shell processes and
 * patch operations. State changes happen under the command's monitor; what they imply for other
 * objects (freeing an agent, starting the next invocation, dispatching more of a command) is
 * collected in {@link Effects} and applied after the monitor is released, iteratively, so no lock
 * is ever held while another command's is taken.
 */
final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /** The agent's exit code for a command it stopped (timeout or cancel) on Linux: 128 + 9. */
  static final int STOPPED_PREEMPTIVELY = 137;

  static final long SWEEP_MILLIS = 100;

  private final Fleet fleet;
  private final Knobs knobs;
  private final RunCommandSettings settings;
  private final CommandStore store;
  private final ShellRunner shell;
  private final StatusNotifier notifier;
  private final RunTotals runTotals = new RunTotals();
  private final ScheduledThreadPoolExecutor timers;
  private final ThreadPoolExecutor workers;
  private final Map<String, Agent> agents = new ConcurrentHashMap<>();
  private final Set<Invocation> delayed = ConcurrentHashMap.newKeySet();

  Dispatcher(
      Fleet fleet,
      Knobs knobs,
      RunCommandSettings settings,
      CommandStore store,
      ShellRunner shell,
      StatusNotifier notifier,
      int workerThreads) {
    this.fleet = fleet;
    this.knobs = knobs;
    this.settings = settings;
    this.store = store;
    this.shell = shell;
    this.notifier = notifier;
    this.timers = new ScheduledThreadPoolExecutor(2, daemons("sim-ssm-timer"));
    this.timers.setRemoveOnCancelPolicy(true);
    this.workers =
        new ThreadPoolExecutor(
            workerThreads,
            workerThreads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemons("sim-ssm-worker"));
    this.workers.allowCoreThreadTimeOut(true);
    timers.scheduleWithFixedDelay(
        () -> {
          try {
            sweepDelayed();
          } catch (RuntimeException e) {
            log.error("delayed-delivery sweep failed", e);
          }
        },
        SWEEP_MILLIS,
        SWEEP_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** What a state change requires outside the command's monitor. */
  private static final class Effects {
    final List<Invocation> released = new ArrayList<>(1);
    final List<Invocation> dequeued = new ArrayList<>(0);
    final List<Command> dispatch = new ArrayList<>(1);
    final List<Command> concluded = new ArrayList<>(0);

    boolean isEmpty() {
      return released.isEmpty() && dequeued.isEmpty() && dispatch.isEmpty() && concluded.isEmpty();
    }
  }

  // ---- entry points ------------------------------------------------------------------------

  /** Starts a new command: arms its delivery deadline and fills its concurrency window. */
  void start(Command c) {
    long delivery = settings.scaledMillis(c.request.timeoutSeconds() * 1000L);
    Effects fx = new Effects();
    synchronized (c) {
      c.deadline = schedule(() -> deliveryDeadline(c), delivery);
      if (c.targetCount() == 0) {
        refresh(c, System.currentTimeMillis());
        fx.concluded.add(c);
      } else {
        fx.dispatch.add(c);
      }
    }
    settle(fx);
  }

  /** Cancels a command on some instances (null: all of them). */
  void cancel(Command c, Set<String> instanceIds) {
    Effects fx = new Effects();
    List<Process> kill = new ArrayList<>();
    synchronized (c) {
      if (c.discarded) {
        return;
      }
      if (instanceIds == null) {
        c.cancelRequested = true;
      }
      for (Invocation inv : c.invocations) {
        if (instanceIds != null && !instanceIds.contains(inv.instance.id())) {
          continue;
        }
        switch (inv.phase) {
          case WAITING, QUEUED, DELAYED, DELIVERING ->
              finish(inv, Ending.CANCELLED, -1, "", "", fx);
          case RUNNING -> {
            if (inv.onWorker) {
              inv.phase = Phase.CANCELLING;
              if (inv.process != null) {
                kill.add(inv.process);
              }
            } else {
              finish(inv, Ending.CANCELLED, STOPPED_PREEMPTIVELY, inv.stdout, inv.stderr, fx);
            }
          }
          default -> {}
        }
      }
      refresh(c, System.currentTimeMillis());
    }
    kill.forEach(ShellRunner::kill);
    settle(fx);
  }

  /** Stops all work of forgotten commands (reset): timers, processes, agents. */
  void discard(Collection<Command> commands) {
    List<Process> kill = new ArrayList<>();
    for (Command c : commands) {
      synchronized (c) {
        c.discarded = true;
        if (c.deadline != null) {
          c.deadline.cancel(false);
        }
        for (Invocation inv : c.invocations) {
          if (inv.timer != null) {
            inv.timer.cancel(false);
          }
          if (inv.process != null) {
            kill.add(inv.process);
          }
        }
      }
    }
    kill.forEach(ShellRunner::kill);
    agents.clear();
    delayed.clear();
  }

  Agent agentOf(String instanceId) {
    return agents.get(instanceId);
  }

  /** How many times each instance started each command (by Comment), as totals. */
  RunTotals runTotals() {
    return runTotals;
  }

  int busyWorkers() {
    return workers.getActiveCount();
  }

  int queuedWork() {
    return workers.getQueue().size();
  }

  @Override
  public void close() {
    timers.shutdownNow();
    workers.shutdownNow();
  }

  // ---- the life of an invocation ------------------------------------------------------------

  private Agent agent(Instance i) {
    return agents.computeIfAbsent(i.id(), k -> new Agent(i));
  }

  private void settle(Effects first) {
    Effects fx = first;
    while (!fx.isEmpty()) {
      Effects next = new Effects();
      for (Invocation inv : fx.dequeued) {
        Agent a = agents.get(inv.instance.id());
        if (a != null) {
          a.remove(inv);
        }
      }
      for (Invocation inv : fx.released) {
        Agent a = agents.get(inv.instance.id());
        Invocation n = a == null ? null : a.release(inv);
        if (n != null) {
          begin(n, next);
        }
      }
      for (Command c : fx.dispatch) {
        dispatch(c, next);
      }
      for (Command c : fx.concluded) {
        concluded(c);
      }
      fx = next;
    }
  }

  private void dispatch(Command c, Effects fx) {
    List<Invocation> ready;
    synchronized (c) {
      if (c.discarded) {
        return;
      }
      ready = c.takeDispatchable();
    }
    for (Invocation inv : ready) {
      if (agent(inv.instance).enqueue(inv)) {
        begin(inv, fx);
      }
    }
  }

  /** The agent has just picked {@code inv}: deliver it, or skip it if it already ended. */
  private void begin(Invocation inv, Effects fx) {
    Command c = inv.command;
    synchronized (c) {
      if (c.discarded) {
        return;
      }
      inv.holdsAgent = true;
      if (inv.phase == Phase.DONE) {
        inv.holdsAgent = false;
        fx.released.add(inv);
        return;
      }
      if (c.document.stepFor(inv.instance.platformType()) == null) {
        finish(inv, Ending.INVALID_PLATFORM, -1, "", "", fx);
        return;
      }
      attemptDelivery(inv, fx);
    }
  }

  /** Caller holds the command's monitor; {@code inv} is QUEUED or DELAYED at its agent. */
  private void attemptDelivery(Invocation inv, Effects fx) {
    Instance i = inv.instance;
    if ("Inactive".equals(i.pingStatus())) {
      finish(inv, Ending.UNDELIVERABLE, -1, "", "", fx);
      return;
    }
    if (!i.reachable()) {
      if (inv.phase != Phase.DELAYED) {
        inv.phase = Phase.DELAYED;
        delayed.add(inv);
      }
      return;
    }
    delayed.remove(inv);
    inv.phase = Phase.DELIVERING;
    inv.timer = schedule(() -> deliver(inv), knobs.pendingDuration().toMillis());
  }

  private void deliver(Invocation inv) {
    Command c = inv.command;
    Effects fx = new Effects();
    synchronized (c) {
      if (c.discarded || inv.phase != Phase.DELIVERING) {
        return;
      }
      inv.timer = null;
      if (inv.instance.reachable()) {
        startRun(inv, fx);
      } else {
        attemptDelivery(inv, fx);
      }
    }
    settle(fx);
  }

  /** Caller holds the command's monitor: the agent starts running the document. */
  private void startRun(Invocation inv, Effects fx) {
    Command c = inv.command;
    Instance instance = inv.instance;
    long now = System.currentTimeMillis();
    inv.phase = Phase.RUNNING;
    inv.startMillis = now;
    c.anyDelivered = true;
    notifier.invocationChanged(inv, now);
    refresh(c, now);
    inv.history = agent(instance).recordStart(c, now);
    runTotals.record(instance.id(), c.request.comment(), c.document.name());
    FaultEffects f = FaultEffects.evaluate(fleet, instance, c.text);
    long execMillis = c.document.executionTimeoutSeconds() * 1000L;
    if (f.offline()) {
      // The agent drops off mid-command: SSM never gets a terminal answer, so the invocation
      // stays InProgress until the command expires and then reads DeliveryTimedOut.
      instance.pingStatus("ConnectionLost");
      inv.agentLost = true;
      inv.holdsAgent = false;
      fx.released.add(inv);
      long expiry =
          c.requested.toEpochMilli()
              + settings.scaledMillis(
                  (c.request.timeoutSeconds() + (long) c.document.executionTimeoutSeconds())
                      * 1000L);
      inv.timer =
          schedule(
              () -> complete(inv, Ending.DELIVERY_TIMED_OUT, -1, "", ""),
              Math.max(1, expiry - now));
      return;
    }
    if (f.hang()) {
      inv.timer = schedule(() -> timedOut(inv, f.stdout(), f.stderr()), execMillis);
      return;
    }
    if (c.document instanceof RunDocument.PatchBaseline patch) {
      inv.onWorker = true;
      workers.execute(() -> runPatch(inv, patch, f));
      return;
    }
    RunDocument.ShellScript script = (RunDocument.ShellScript) c.document;
    if (instance.mode() == ExecutionMode.SHELL) {
      inv.onWorker = true;
      workers.execute(() -> runShell(inv, script, f));
      return;
    }
    long latency = instance.latency().sample().toMillis() + f.extraLatency().toMillis();
    if (latency >= execMillis) {
      inv.timer = schedule(() -> timedOut(inv, f.stdout(), f.stderr()), execMillis);
      return;
    }
    RunEnd end = RunEnd.of(f, instance.exitCode(), f.stderr());
    inv.timer = schedule(() -> complete(inv, end.ending, end.code, f.stdout(), end.err), latency);
  }

  private void runShell(Invocation inv, RunDocument.ShellScript doc, FaultEffects f) {
    Command c = inv.command;
    long execMillis = doc.executionTimeoutSeconds() * 1000L;
    long t0 = System.currentTimeMillis();
    ShellRunner.Result r;
    try {
      r = shell.run(inv.instance, c.id, c.region, doc, execMillis, p -> attach(inv, p));
    } catch (IOException | RuntimeException e) {
      if (!(e instanceof IOException)) {
        log.error("shell run of {} on {} failed", c.id, inv.instance.id(), e);
      }
      complete(inv, Ending.FAILED, 1, "", "failed to run commands: " + e.getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    synchronized (c) {
      inv.process = null;
    }
    String out = OutputText.append(r.stdout(), f.stdout());
    String err = OutputText.append(r.stderr(), f.stderr());
    if (r.timedOut()) {
      timedOut(inv, out, err);
      return;
    }
    RunEnd end = RunEnd.of(f, r.exitCode(), err);
    long extra = f.extraLatency().toMillis();
    if (extra <= 0) {
      complete(inv, end.ending, end.code, out, end.err);
      return;
    }
    long left = execMillis - (System.currentTimeMillis() - t0);
    if (extra >= left) {
      handOff(inv, Math.max(1, left), () -> timedOut(inv, out, err));
    } else {
      handOff(inv, extra, () -> complete(inv, end.ending, end.code, out, end.err));
    }
  }

  private boolean attach(Invocation inv, Process p) {
    Command c = inv.command;
    synchronized (c) {
      if (c.discarded || inv.phase != Phase.RUNNING) {
        return false;
      }
      inv.process = p;
      return true;
    }
  }

  private void runPatch(Invocation inv, RunDocument.PatchBaseline doc, FaultEffects f) {
    Command c = inv.command;
    PatchRunner.Result r;
    try {
      r = PatchRunner.run(inv.instance, c.id, doc, f);
    } catch (IOException | RuntimeException e) {
      if (!(e instanceof IOException)) {
        log.error("patch run of {} on {} failed", c.id, inv.instance.id(), e);
      }
      complete(inv, Ending.FAILED, 1, "", "failed to run commands: " + e.getMessage());
      return;
    }
    String out = OutputText.append(r.stdout(), f.stdout());
    RunEnd end = RunEnd.of(f, r.exitCode(), OutputText.append(r.stderr(), f.stderr()));
    long execMillis = doc.executionTimeoutSeconds() * 1000L;
    long latency = inv.instance.latency().sample().toMillis() + f.extraLatency().toMillis();
    Runnable finish = () -> complete(inv, end.ending, end.code, out, end.err);
    if (latency >= execMillis) {
      handOff(inv, execMillis, () -> timedOut(inv, out, end.err));
    } else if (r.reboot() && end.code == 0) {
      handOff(inv, Math.max(1, latency), () -> reboot(inv, finish));
    } else {
      handOff(inv, Math.max(1, latency), finish);
    }
  }

  /** RebootIfNeeded: the instance drops off for a moment, then the command completes. */
  private void reboot(Invocation inv, Runnable then) {
    Command c = inv.command;
    synchronized (c) {
      if (c.discarded || inv.phase != Phase.RUNNING) {
        return;
      }
    }
    Instance i = inv.instance;
    i.pingStatus("ConnectionLost");
    schedule(
        () -> {
          if ("ConnectionLost".equals(i.pingStatus()) && "running".equals(i.state())) {
            i.pingStatus("Online");
          }
          then.run();
        },
        settings.rebootDuration.toMillis());
  }

  /** A worker is done with {@code inv}; the rest happens on a timer (or it was cancelled). */
  private void handOff(Invocation inv, long delayMillis, Runnable completion) {
    Command c = inv.command;
    Effects fx = new Effects();
    synchronized (c) {
      if (c.discarded || inv.phase == Phase.DONE) {
        return;
      }
      inv.onWorker = false;
      if (inv.phase == Phase.CANCELLING) {
        finish(inv, Ending.CANCELLED, STOPPED_PREEMPTIVELY, "", "", fx);
      } else {
        inv.timer = schedule(completion, delayMillis);
      }
    }
    settle(fx);
  }

  /**
   * How a run ended by its exit code (a fault's code wins): 0 succeeded; any other failed, with the
   * agent's status line after its stderr.
   */
  private record RunEnd(Ending ending, int code, String err) {
    static RunEnd of(FaultEffects f, int exitCode, String err) {
      int code = f.exitCode() != null ? f.exitCode() : exitCode;
      return code == 0
          ? new RunEnd(Ending.SUCCESS, 0, err)
          : new RunEnd(
              Ending.FAILED,
              code,
              OutputText.append(err, "failed to run commands: exit status " + code));
    }
  }

  /** The agent stopped a run that outlived its execution timeout. */
  private void timedOut(Invocation inv, String out, String err) {
    complete(inv, Ending.EXECUTION_TIMED_OUT, STOPPED_PREEMPTIVELY, out, err);
  }

  /** The agent reports a terminal result for a running invocation. */
  private void complete(Invocation inv, Ending ending, int code, String out, String err) {
    Command c = inv.command;
    Effects fx = new Effects();
    synchronized (c) {
      if (c.discarded || (inv.phase != Phase.RUNNING && inv.phase != Phase.CANCELLING)) {
        return;
      }
      Ending e = inv.phase == Phase.CANCELLING ? Ending.CANCELLED : ending;
      finish(inv, e, code, out, err, fx);
    }
    settle(fx);
  }

  /**
   * Caller holds the command's monitor. Ends an invocation, counts it, applies MaxErrors (the
   * never-started ones end Terminated) and frees its concurrency slot and its agent.
   */
  private void finish(Invocation inv, Ending ending, int code, String out, String err, Effects fx) {
    Command c = inv.command;
    Phase was = inv.phase;
    if (was == Phase.DONE) {
      return;
    }
    if (inv.timer != null) {
      inv.timer.cancel(false);
      inv.timer = null;
    }
    if (was == Phase.DELAYED) {
      delayed.remove(inv);
    }
    long now = System.currentTimeMillis();
    inv.phase = Phase.DONE;
    inv.ending = ending;
    inv.responseCode = code;
    inv.stdout = OutputText.head(out, OutputText.MAX_STDOUT);
    inv.stderr = OutputText.head(err, OutputText.MAX_STDERR);
    inv.endMillis = now;
    inv.process = null;
    inv.onWorker = false;
    if (inv.history != null) {
      inv.history.finish(ending, code, now);
    }
    notifier.invocationChanged(inv, now);
    if (inv.holdsAgent) {
      inv.holdsAgent = false;
      fx.released.add(inv);
    } else if (was == Phase.QUEUED) {
      fx.dequeued.add(inv);
    }
    if (c.count(ending, was != Phase.WAITING)) {
      for (Invocation w : c.takeNeverStarted()) {
        w.phase = Phase.DONE;
        w.ending = Ending.TERMINATED;
        w.endMillis = now;
        c.count(Ending.TERMINATED, false);
        notifier.invocationChanged(w, now);
      }
    }
    if (was != Phase.WAITING && c.hasWaiting()) {
      fx.dispatch.add(c);
    }
    refresh(c, now);
    if (c.completed == c.targetCount()) {
      fx.concluded.add(c);
    }
  }

  /**
   * Caller holds the command's monitor: updates its Status and notifies the status it enters (SNS
   * notifications of SendCommand's NotificationConfig).
   */
  private void refresh(Command c, long now) {
    String was = c.status;
    c.refreshStatus(now);
    if (!c.status.equals(was)) {
      notifier.commandChanged(c, now);
    }
  }

  /** TimeoutSeconds passed: whatever has not started will not run. */
  private void deliveryDeadline(Command c) {
    Effects fx = new Effects();
    synchronized (c) {
      if (c.discarded || c.completed == c.targetCount()) {
        return;
      }
      c.expired = true;
      for (Invocation inv : c.invocations) {
        if (inv.phase.notStarted()) {
          finish(inv, Ending.DELIVERY_TIMED_OUT, -1, "", "", fx);
        }
      }
    }
    settle(fx);
  }

  private void concluded(Command c) {
    synchronized (c) {
      if (c.deadline != null) {
        c.deadline.cancel(false);
      }
    }
    store.trim(settings.maxCommands, settings.maxInvocations);
  }

  /** Retries delivery to unreachable agents, and gives up on Inactive ones. */
  private void sweepDelayed() {
    for (Invocation inv : delayed) {
      Command c = inv.command;
      Effects fx = new Effects();
      synchronized (c) {
        if (c.discarded || inv.phase != Phase.DELAYED) {
          delayed.remove(inv);
          continue;
        }
        Instance i = inv.instance;
        if (i.reachable() || "Inactive".equals(i.pingStatus())) {
          attemptDelivery(inv, fx);
        }
      }
      settle(fx);
    }
  }

  private ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    return timers.schedule(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.error("run command timer failed", e);
          }
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
