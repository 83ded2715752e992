package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.AwaitResult;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.TickingInvocations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory SSM Run Command for patch runs, on a clock in ticks: each invocation ends a few
 * ticks after it is sent; each awaitInvocations advances the clock to the earliest end among the
 * commands it waits for and answers everything that ended by then. The step of a command is the
 * last word of its label (health-check, scan, install, validate, revalidate).
 */
final class FakePatchCommands implements CommandActivities {
  /** Decides how one invocation ends. */
  interface Behavior {
    Result run(String instanceId, String step);
  }

  /** How an invocation ends and how many ticks it takes. */
  record Result(InvocationStatus status, int exitCode, int ticks) {
    static Result ok(int ticks) {
      return new Result(InvocationStatus.SUCCESS, 0, ticks);
    }

    static Result fail(int ticks) {
      return new Result(InvocationStatus.FAILED, 1, ticks);
    }
  }

  static final List<String> PATCHING_STEPS = List.of("install", "validate", "revalidate");

  private final Behavior behavior;
  private final Map<String, String> commandByKey = new HashMap<>();
  private final TickingInvocations invocations = new TickingInvocations();
  private final Map<String, List<String>> stepsByInstance = new HashMap<>();
  private final List<PatchBaselineRequest> patchSends = new ArrayList<>();
  private final List<SendCommandRequest> shellSends = new ArrayList<>();

  /** What happened in order, shared with the fake EC2 side: "snapshot ID", "install ID". */
  final List<String> journal = java.util.Collections.synchronizedList(new ArrayList<>());

  private int maxPatchingInFlight;
  private volatile boolean held;
  private int holdAfterPatchSends = Integer.MAX_VALUE;
  private volatile long slowAwaitMillis;

  FakePatchCommands(Behavior behavior) {
    this.behavior = behavior;
  }

  static Behavior allSucceed() {
    return (id, step) -> Result.ok(1 + Math.floorMod((id + step).hashCode(), 3));
  }

  /** Starts holding every awaitInvocations answer empty once this many patch sends were made. */
  synchronized void holdAfterPatchSends(int sends) {
    holdAfterPatchSends = sends;
  }

  boolean held() {
    return held;
  }

  void release() {
    held = false;
  }

  /** Every awaitInvocations takes this long in real time (to let test time pass). */
  void slowAwait(long millis) {
    slowAwaitMillis = millis;
  }

  @Override
  public synchronized io.ssmflow.workflows.command.SendResult sendShellCommand(
      SendCommandRequest request) {
    return sent(request.instanceIds(), sendShell(request));
  }

  private synchronized String sendShell(SendCommandRequest request) {
    String existing = commandByKey.get(request.idempotencyKey());
    if (existing != null) {
      return existing;
    }
    shellSends.add(request);
    return register(request.idempotencyKey(), request.label(), request.instanceIds());
  }

  @Override
  public synchronized io.ssmflow.workflows.command.SendResult sendPatchBaseline(
      PatchBaselineRequest request) {
    return sent(request.instanceIds(), sendPatch(request));
  }

  private synchronized String sendPatch(PatchBaselineRequest request) {
    String existing = commandByKey.get(request.idempotencyKey());
    if (existing != null) {
      return existing;
    }
    patchSends.add(request);
    for (String i : request.instanceIds()) {
      journal.add(request.operation().toLowerCase() + " " + i);
    }
    String id = register(request.idempotencyKey(), request.label(), request.instanceIds());
    if (patchSends.size() >= holdAfterPatchSends) {
      held = true;
      holdAfterPatchSends = Integer.MAX_VALUE;
    }
    return id;
  }

  private String register(String key, String label, List<String> ids) {
    String commandId = "cmd-" + (commandByKey.size() + 1);
    commandByKey.put(key, commandId);
    String step = TickingInvocations.stepOf(label);
    for (String id : ids) {
      stepsByInstance.computeIfAbsent(id, k -> new ArrayList<>()).add(step);
      Result r = behavior.run(id, step);
      invocations.start(commandId, id, step, r.status(), r.exitCode(), r.ticks());
    }
    maxPatchingInFlight =
        Math.max(maxPatchingInFlight, invocations.inFlight(PATCHING_STEPS::contains));
    return commandId;
  }

  @Override
  public AwaitResult awaitInvocations(AwaitRequest request) {
    if (held || slowAwaitMillis > 0) {
      try {
        Thread.sleep(held ? 20 : slowAwaitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (held) {
        return new AwaitResult(List.of());
      }
    }
    return invocations.answer(request);
  }

  @Override
  public void cancelCommand(String commandId, List<String> instanceIds) {}

  synchronized List<String> steps(String instanceId) {
    return List.copyOf(stepsByInstance.getOrDefault(instanceId, List.of()));
  }

  synchronized List<PatchBaselineRequest> patchSends() {
    return List.copyOf(patchSends);
  }

  synchronized List<SendCommandRequest> shellSends() {
    return List.copyOf(shellSends);
  }

  synchronized int maxPatchingInFlight() {
    return maxPatchingInFlight;
  }

  private static io.ssmflow.workflows.command.SendResult sent(List<String> ids, String commandId) {
    return new io.ssmflow.workflows.command.SendResult(
        List.of(new io.ssmflow.workflows.command.SendResult.SentCommand(commandId, ids, 0)),
        List.of());
  }
}
