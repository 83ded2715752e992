package io.ssmflow.workflows.fleetrun;

import io.ssmflow.workflows.command.IdempotencyKeys;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.snapshot.InstanceSnapshots;
import io.ssmflow.workflows.snapshot.SnapshotActivities;
import io.ssmflow.workflows.snapshot.SnapshotActivityOptions;
import io.ssmflow.workflows.snapshot.SnapshotWaitResult;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The activity steps of a plan: SNAPSHOT (EBS snapshots of every volume of the instances ready for
 * it, at most 50 per call, waited to completed: each instance's restore point, taken right before
 * its own change) and RESTORE (the root volume replaced from that point, per instance). They run
 * beside the command waits; a compensation is started in a detached scope so that a cancel never
 * interrupts a restore.
 */
final class RestorePoints {
  private final SnapshotActivities create =
      Workflow.newActivityStub(SnapshotActivities.class, SnapshotActivityOptions.createSnapshots());
  private final SnapshotActivities wait =
      Workflow.newActivityStub(SnapshotActivities.class, SnapshotActivityOptions.awaitSnapshots());
  private final SnapshotActivities restore =
      Workflow.newActivityStub(SnapshotActivities.class, SnapshotActivityOptions.restore());

  private record Running(List<Slot> slots, Promise<Map<String, String>> result) {}

  /** An activity step that ended, with its effect already applied to the slot. */
  record Ended(Slot slot, StepOutcomes.Effect effect) {}

  private final List<Running> running = new ArrayList<>();

  boolean running() {
    return !running.isEmpty();
  }

  boolean anyEnded() {
    return running.stream().anyMatch(r -> r.result.isCompleted());
  }

  /** Starts the activity steps of the instances ready for one. */
  void start(List<Slot> slots, RunPlan plan) {
    long now = Workflow.currentTimeMillis();
    List<Slot> toSnapshot = new ArrayList<>();
    for (Slot s : slots) {
      if (!s.readyToDispatch(now)) {
        continue;
      }
      StepKind kind = s.step(plan).kind();
      if (kind == StepKind.SNAPSHOT) {
        toSnapshot.add(s);
      } else if (kind == StepKind.RESTORE) {
        s.busy = true;
        running.add(new Running(List.of(s), restore(s)));
      }
    }
    for (int from = 0; from < toSnapshot.size(); from += 50) {
      List<Slot> batch =
          List.copyOf(toSnapshot.subList(from, Math.min(toSnapshot.size(), from + 50)));
      batch.forEach(s -> s.busy = true);
      running.add(new Running(batch, snapshot(plan, batch)));
    }
  }

  /** Applies the activity steps that ended. */
  List<Ended> collect(RunPlan plan, long now) {
    List<Ended> out = new ArrayList<>();
    for (var it = running.iterator(); it.hasNext(); ) {
      Running r = it.next();
      if (!r.result.isCompleted()) {
        continue;
      }
      it.remove();
      Map<String, String> failures;
      try {
        failures = r.result.get();
      } catch (TemporalFailure e) {
        String why = Failures.message(e);
        failures = new HashMap<>();
        for (Slot s : r.slots) {
          failures.put(s.instanceId, why);
        }
      }
      for (Slot s : r.slots) {
        s.busy = false;
        String failure = failures.get(s.instanceId);
        RunStep step = s.step(plan);
        InvocationOutcome o =
            failure == null
                ? new InvocationOutcome(null, s.instanceId, InvocationStatus.SUCCESS, 0, null, null)
                : new InvocationOutcome(
                    null,
                    s.instanceId,
                    step.kind() == StepKind.SNAPSHOT && !s.commandRan
                        ? InvocationStatus.UNDELIVERABLE
                        : InvocationStatus.FAILED,
                    -1,
                    step.kind().name(),
                    failure);
        out.add(new Ended(s, StepOutcomes.apply(s, plan, o, now)));
      }
    }
    return out;
  }

  /** Creates the snapshots, waits for them; answers instance id to failure (absent: done). */
  private Promise<Map<String, String>> snapshot(RunPlan plan, List<Slot> batch) {
    List<String> ids = batch.stream().map(s -> s.instanceId).toList();
    String workflowId =
        plan.tagWorkflowId() != null ? plan.tagWorkflowId() : Workflow.getInfo().getWorkflowId();
    String runId = plan.tagRunId() != null ? plan.tagRunId() : Workflow.getInfo().getRunId();
    Map<String, Slot> byId = new HashMap<>();
    batch.forEach(s -> byId.put(s.instanceId, s));
    return Async.function(create::createSnapshots, workflowId, runId, ids)
        .thenCompose(
            taken -> {
              Map<String, String> failures = new HashMap<>();
              List<String> snapshotIds = new ArrayList<>();
              Map<String, InstanceSnapshots> byInstance = new HashMap<>();
              for (InstanceSnapshots snaps : taken) {
                byInstance.put(snaps.instanceId(), snaps);
              }
              for (String id : ids) {
                InstanceSnapshots snaps = byInstance.get(id);
                if (snaps == null) {
                  failures.put(id, "not found by DescribeInstances");
                } else if (snaps.rootSnapshotId() == null) {
                  failures.put(id, "no EBS root volume to snapshot");
                } else {
                  byId.get(id).snapshotIds = snaps.snapshotIds();
                  snapshotIds.addAll(snaps.snapshotIds());
                }
              }
              if (snapshotIds.isEmpty()) {
                return Workflow.newPromise(failures);
              }
              return Async.function(wait::awaitSnapshots, snapshotIds)
                  .thenApply(
                      (SnapshotWaitResult w) -> {
                        for (InstanceSnapshots snaps : taken) {
                          for (String snapshotId : snaps.snapshotIds()) {
                            String bad = w.failed().get(snapshotId);
                            if (bad != null) {
                              failures.putIfAbsent(snaps.instanceId(), bad);
                            }
                          }
                        }
                        return failures;
                      });
            });
  }

  /** Restores the root volume from the instance's restore point, detached from cancels. */
  private Promise<Map<String, String>> restore(Slot s) {
    if (s.snapshotIds.isEmpty()) {
      return Workflow.newPromise(Map.of(s.instanceId, "no restore point to restore from"));
    }
    String snapshotId = s.snapshotIds.get(0);
    String token = IdempotencyKeys.of("restore", s.instanceId);
    List<Promise<Map<String, String>>> holder = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(
            () ->
                holder.add(
                    Async.function(restore::restoreRootVolume, s.instanceId, snapshotId, token)
                        .thenApply(task -> Map.<String, String>of())))
        .run();
    return holder.get(0);
  }
}
