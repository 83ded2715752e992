package io.ssmflow.workflows.deploy;

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
 * An in-memory SSM Run Command with a simulated clock in ticks: each invocation ends a few ticks
 * after it is sent; each awaitInvocations advances the clock to the earliest end among the commands
 * it waits for and answers everything that ended by then (so a call answers a few instances, as the
 * real one does). Records what ran where and the most invocations in flight.
 */
public final class FakeCommands implements CommandActivities {
  /** Decides how one invocation ends. */
  public interface Behavior {
    Result run(String instanceId, String step, int attempt);
  }

  /** How an invocation ends and how many ticks it takes. */
  public record Result(InvocationStatus status, int exitCode, int ticks) {
    public static Result ok(int ticks) {
      return new Result(InvocationStatus.SUCCESS, 0, ticks);
    }

    public static Result fail(int ticks) {
      return new Result(InvocationStatus.FAILED, 1, ticks);
    }
  }

  private final Behavior behavior;
  private final Map<String, String> commandByKey = new HashMap<>();
  private final TickingInvocations invocations = new TickingInvocations();
  private final Map<String, List<String>> stepsByInstance = new HashMap<>();
  private final List<SendCommandRequest> sends = new ArrayList<>();
  private int maxInFlight;
  private volatile boolean held;
  private int holdAfterSends = Integer.MAX_VALUE;
  private final Map<String, String> refused = new HashMap<>();
  private final List<String> cancels = new ArrayList<>();

  public FakeCommands(Behavior behavior) {
    this.behavior = behavior;
  }

  /** Every invocation succeeds after 1 to 3 ticks (deterministic per instance and step). */
  public static Behavior allSucceed() {
    return (id, step, attempt) -> Result.ok(1 + Math.floorMod((id + step).hashCode(), 3));
  }

  /** Holds every awaitInvocations answer empty until {@link #release}. */
  public void hold() {
    held = true;
  }

  public void release() {
    held = false;
  }

  /** Starts holding once this many commands were sent. */
  public synchronized void holdAfterSends(int sends) {
    holdAfterSends = sends;
  }

  public boolean held() {
    return held;
  }

  @Override
  public synchronized io.ssmflow.workflows.command.SendResult sendShellCommand(
      SendCommandRequest request) {
    return sendOrRefuse(request);
  }

  /** SendCommand refuses batches holding this instance (InvalidInstanceId). */
  public synchronized void refuse(String instanceId, String reason) {
    refused.put(instanceId, reason);
  }

  private synchronized io.ssmflow.workflows.command.SendResult sendOrRefuse(
      SendCommandRequest request) {
    List<String> ok =
        request.instanceIds().stream().filter(id -> !refused.containsKey(id)).toList();
    List<io.ssmflow.workflows.command.SendResult.RejectedInstance> no =
        request.instanceIds().stream()
            .filter(refused::containsKey)
            .map(
                id ->
                    new io.ssmflow.workflows.command.SendResult.RejectedInstance(
                        id, refused.get(id)))
            .toList();
    if (ok.isEmpty()) {
      return new io.ssmflow.workflows.command.SendResult(List.of(), no);
    }
    SendCommandRequest rest =
        new SendCommandRequest(
            request.idempotencyKey(),
            request.label(),
            ok,
            request.commands(),
            request.executionTimeoutSeconds(),
            request.deliveryTimeoutSeconds());
    String commandId = sendShell(rest);
    return new io.ssmflow.workflows.command.SendResult(
        List.of(new io.ssmflow.workflows.command.SendResult.SentCommand(commandId, ok, 0)), no);
  }

  private synchronized String sendShell(SendCommandRequest request) {
    String existing = commandByKey.get(request.idempotencyKey());
    if (existing != null) {
      return existing;
    }
    String commandId = "cmd-" + (commandByKey.size() + 1);
    commandByKey.put(request.idempotencyKey(), commandId);
    sends.add(request);
    String label = request.label();
    String step = TickingInvocations.stepOf(label);
    for (String id : request.instanceIds()) {
      List<String> steps = stepsByInstance.computeIfAbsent(id, k -> new ArrayList<>());
      int attempt = 1 + (int) steps.stream().filter(step::equals).count();
      steps.add(step);
      Result r = behavior.run(id, step, attempt);
      invocations.start(commandId, id, step, r.status(), r.exitCode(), r.ticks());
    }
    maxInFlight = Math.max(maxInFlight, invocations.inFlight());
    if (sends.size() >= holdAfterSends) {
      held = true;
      holdAfterSends = Integer.MAX_VALUE;
    }
    return commandId;
  }

  @Override
  public io.ssmflow.workflows.command.SendResult sendPatchBaseline(PatchBaselineRequest request) {
    throw new UnsupportedOperationException("not used by deployments");
  }

  @Override
  public AwaitResult awaitInvocations(AwaitRequest request) {
    if (held) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new AwaitResult(List.of());
    }
    return invocations.answer(request);
  }

  @Override
  public synchronized void cancelCommand(String commandId, List<String> instanceIds) {
    cancels.add(commandId + " " + instanceIds);
  }

  /** The CancelCommand calls made, as {@code COMMAND [ids]}. */
  public synchronized List<String> cancels() {
    return List.copyOf(cancels);
  }

  public synchronized List<String> steps(String instanceId) {
    return List.copyOf(stepsByInstance.getOrDefault(instanceId, List.of()));
  }

  synchronized Map<String, List<String>> allSteps() {
    return new HashMap<>(stepsByInstance);
  }

  public synchronized List<SendCommandRequest> sends() {
    return List.copyOf(sends);
  }

  public synchronized int maxInFlight() {
    return maxInFlight;
  }

  public synchronized int startedInstances() {
    return stepsByInstance.size();
  }

  private static io.ssmflow.workflows.command.SendResult sent(List<String> ids, String commandId) {
    return new io.ssmflow.workflows.command.SendResult(
        List.of(new io.ssmflow.workflows.command.SendResult.SentCommand(commandId, ids, 0)),
        List.of());
  }
}
