package io.ssmflow.workflows.fleetrun;

import java.util.ArrayList;
import java.util.List;

/** The mutable form of {@link SlotState}, local to one run of a slice. */
final class Slot {
  final String instanceId;
  RunState state;
  int stepIndex;
  int attempt;
  String commandId;
  long sentAtMillis;
  long deadlineMillis;
  long readyAtMillis;
  boolean commandRan;
  boolean failed;

  /** The forward step that failed (null while none did). */
  String failedAt;

  String reason;
  List<String> snapshotIds;
  final List<StepRun> runs;

  /** An activity step (snapshot, restore) is running for this instance. */
  boolean busy;

  Slot(SlotState s) {
    instanceId = s.instanceId();
    state = s.state();
    stepIndex = s.stepIndex();
    attempt = s.attempt();
    commandId = s.commandId();
    sentAtMillis = s.sentAtMillis();
    deadlineMillis = s.deadlineMillis();
    readyAtMillis = s.readyAtMillis();
    commandRan = s.commandRan();
    failed = s.failed();
    failedAt = s.failedAt();
    reason = s.reason();
    snapshotIds = s.snapshotIds();
    runs = new ArrayList<>(s.runs());
  }

  static Slot pending(String instanceId) {
    return pending(instanceId, List.of());
  }

  /** A pending instance with the restore points an earlier pass took (a RESTORE step's source). */
  static Slot pending(String instanceId, List<String> snapshotIds) {
    return new Slot(
        new SlotState(
            instanceId,
            RunState.PENDING,
            0,
            0,
            null,
            0,
            0,
            0,
            false,
            false,
            null,
            null,
            List.copyOf(snapshotIds),
            List.of()));
  }

  boolean active() {
    return state == RunState.RUNNING || state == RunState.COMPENSATING;
  }

  /** Launched, not final, and neither waiting for a command nor running an activity step. */
  boolean readyToDispatch(long now) {
    return active() && commandId == null && !busy && readyAtMillis <= now;
  }

  RunStep step(RunPlan plan) {
    List<RunStep> steps = state == RunState.COMPENSATING ? plan.compensation() : plan.steps();
    return steps.get(Math.min(stepIndex, steps.size() - 1));
  }

  SlotState state() {
    return new SlotState(
        instanceId,
        state,
        stepIndex,
        attempt,
        commandId,
        sentAtMillis,
        deadlineMillis,
        readyAtMillis,
        commandRan,
        failed,
        failedAt,
        reason,
        snapshotIds,
        runs);
  }

  InstanceResult result(RunPlan plan) {
    String step =
        state == RunState.PENDING
            ? null
            : failedAt != null && state != RunState.COMPENSATING ? failedAt : step(plan).name();
    return new InstanceResult(instanceId, state, step, reason, failed, snapshotIds, runs);
  }
}
