package io.ssmflow.workflows.fleetrun;

import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.IdempotencyKeys;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends the next command of every instance that is ready: instances ready for the same step at the
 * same moment share one SendCommand of at most 50 ids; the sends of one turn run in parallel. Each
 * send carries an idempotency key (slice run + step + sequence), so a retried send finds its
 * command instead of sending it twice.
 */
final class Dispatcher {
  private final CommandActivities send;
  private long sequence;

  Dispatcher(CommandActivities send) {
    this.send = send;
  }

  /** An outcome applied while dispatching (a refused instance, a send that failed). */
  record Applied(Slot slot, StepOutcomes.Effect effect) {}

  long sequence() {
    return sequence;
  }

  void restore(long carried) {
    sequence = carried;
  }

  List<Applied> dispatch(List<Slot> slots, RunPlan plan, long now) {
    Map<String, List<Slot>> groups = new LinkedHashMap<>();
    for (Slot s : slots) {
      if (s.readyToDispatch(now) && s.step(plan).kind().isCommand()) {
        String key = (s.state == RunState.COMPENSATING ? "c" : "s") + s.stepIndex;
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      }
    }
    List<Applied> applied = new ArrayList<>();
    if (groups.isEmpty()) {
      return applied;
    }
    List<List<Slot>> batches = new ArrayList<>();
    List<Promise<SendResult>> sent = new ArrayList<>();
    for (List<Slot> group : groups.values()) {
      RunStep step = group.get(0).step(plan);
      for (int from = 0; from < group.size(); from += SendCommandRequest.MAX_INSTANCES) {
        List<Slot> batch =
            group.subList(from, Math.min(group.size(), from + SendCommandRequest.MAX_INSTANCES));
        sequence++;
        String key = IdempotencyKeys.of(step.name(), "g" + sequence);
        batches.add(batch);
        sent.add(send(plan, step, key, batch.stream().map(s -> s.instanceId).toList()));
      }
    }
    for (int i = 0; i < batches.size(); i++) {
      List<Slot> batch = batches.get(i);
      Map<String, Slot> byId = new LinkedHashMap<>();
      batch.forEach(s -> byId.put(s.instanceId, s));
      try {
        SendResult result = sent.get(i).get();
        long at = Workflow.currentTimeMillis();
        for (SendResult.SentCommand c : result.commands()) {
          for (String id : c.instanceIds()) {
            Slot s = byId.remove(id);
            if (s != null) {
              RunStep step = s.step(plan);
              s.commandId = c.commandId();
              s.sentAtMillis = c.requestedAtMillis() > 0 ? c.requestedAtMillis() : at;
              s.deadlineMillis =
                  at
                      + 1_000L
                          * (step.executionTimeoutSeconds()
                              + step.deliveryTimeoutSeconds()
                              + FleetRunOptions.INVOCATION_GRACE.toSeconds());
            }
          }
        }
        for (SendResult.RejectedInstance r : result.rejected()) {
          Slot s = byId.remove(r.instanceId());
          if (s != null) {
            applied.add(
                new Applied(
                    s,
                    StepOutcomes.apply(
                        s,
                        plan,
                        new InvocationOutcome(
                            null,
                            s.instanceId,
                            InvocationStatus.UNDELIVERABLE,
                            -1,
                            "Rejected",
                            "SendCommand refused it: " + r.reason()),
                        now)));
          }
        }
        for (Slot s : byId.values()) {
          // Neither sent nor refused (should not happen): fail it rather than wait forever.
          applied.add(
              new Applied(
                  s,
                  StepOutcomes.apply(
                      s,
                      plan,
                      new InvocationOutcome(
                          null,
                          s.instanceId,
                          InvocationStatus.FAILED,
                          -1,
                          "SendFailed",
                          "not in SendCommand's answer"),
                      now)));
        }
      } catch (TemporalFailure e) {
        if (e.getCause() instanceof CanceledFailure c) {
          throw c;
        }
        String why = "could not send: " + Failures.message(e);
        for (Slot s : batch) {
          applied.add(
              new Applied(
                  s,
                  StepOutcomes.apply(
                      s,
                      plan,
                      new InvocationOutcome(
                          null, s.instanceId, InvocationStatus.FAILED, -1, "SendFailed", why),
                      now)));
        }
      }
    }
    return applied;
  }

  private Promise<SendResult> send(RunPlan plan, RunStep step, String key, List<String> ids) {
    String label = plan.label() + " " + step.name();
    if (step.kind() == StepKind.PATCH_BASELINE) {
      return Async.function(
          send::sendPatchBaseline,
          new PatchBaselineRequest(
              key,
              label,
              ids,
              step.patchOperation(),
              step.rebootOption(),
              step.patchSnapshotId(),
              step.executionTimeoutSeconds()));
    }
    return Async.function(
        send::sendShellCommand,
        new SendCommandRequest(
            key,
            label,
            ids,
            step.commands(),
            step.executionTimeoutSeconds(),
            step.deliveryTimeoutSeconds()));
  }
}
