package io.ssmflow.workflows.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The invocations of the in-memory fakes of {@link CommandActivities}, on a simulated clock in
 * ticks: each invocation ends a few ticks after it is started; each {@link #answer} advances the
 * clock to the earliest end among the commands it waits for and answers everything that ended by
 * then (so a call answers a few instances, as the real one does).
 */
public final class TickingInvocations {
  private record Invocation(
      String commandId,
      String instanceId,
      String step,
      long endTick,
      InvocationStatus status,
      int exitCode) {}

  private final Map<String, Invocation> running = new LinkedHashMap<>();
  private long tick;

  /** The step of a command: the last word of its label. */
  public static String stepOf(String label) {
    return label.substring(label.lastIndexOf(' ') + 1);
  }

  /** Ticks of an invocation that never ends (SSM never reports a final status). */
  public static final int NEVER = Integer.MAX_VALUE;

  /** Starts one invocation that ends so, {@code ticks} (at least 1) from now; NEVER: never. */
  public synchronized void start(
      String commandId,
      String instanceId,
      String step,
      InvocationStatus status,
      int exitCode,
      int ticks) {
    running.put(
        commandId + "|" + instanceId,
        new Invocation(
            commandId,
            instanceId,
            step,
            ticks == NEVER ? Long.MAX_VALUE : tick + Math.max(1, ticks),
            status,
            exitCode));
  }

  /** How many invocations are running. */
  public synchronized int inFlight() {
    return running.size();
  }

  /** How many invocations of the steps that match are running. */
  public synchronized int inFlight(Predicate<String> step) {
    return (int) running.values().stream().filter(i -> step.test(i.step())).count();
  }

  /**
   * The invocations of the awaited commands that have ended once the clock is advanced to the
   * earliest end among them (none when none of them runs); the output tail is {@code STEP exit N}.
   */
  public AwaitResult answer(AwaitRequest request) {
    synchronized (this) {
      return answerNow(request);
    }
  }

  private AwaitResult answerNow(AwaitRequest request) {
    List<Invocation> mine = new ArrayList<>();
    for (PendingCommand c : request.commands()) {
      for (String id : c.instanceIds()) {
        Invocation inv = running.get(c.commandId() + "|" + id);
        if (inv != null) {
          mine.add(inv);
        }
      }
    }
    boolean anyRunning = !mine.isEmpty();
    mine.removeIf(inv -> inv.endTick() == Long.MAX_VALUE);
    if (mine.isEmpty() && anyRunning) {
      // Nothing of these ever ends: wait maxWait as the real one does, in time the test
      // server can skip (a retry delay, not a running activity).
      if (io.temporal.activity.Activity.getExecutionContext().getInfo().getAttempt() == 1) {
        throw io.temporal.failure.ApplicationFailure.newBuilder()
            .setMessage("nothing ended within maxWait")
            .setType("Waited")
            .setNextRetryDelay(request.maxWait())
            .build();
      }
      return new AwaitResult(List.of());
    }
    if (mine.isEmpty()) {
      return new AwaitResult(List.of());
    }
    long end = mine.stream().mapToLong(Invocation::endTick).min().getAsLong();
    tick = Math.max(tick, end);
    List<InvocationOutcome> done = new ArrayList<>();
    for (Invocation inv : mine) {
      if (inv.endTick() <= tick) {
        running.remove(inv.commandId() + "|" + inv.instanceId());
        done.add(
            new InvocationOutcome(
                inv.commandId(),
                inv.instanceId(),
                inv.status(),
                inv.exitCode(),
                "",
                inv.step() + " exit " + inv.exitCode()));
      }
    }
    return new AwaitResult(done);
  }
}
