package io.ssmflow.workflows.fleetrun;

import java.util.List;

/** One instance of a slice, as carried across continue-as-new. */
record SlotState(
    String instanceId,
    RunState state,
    int stepIndex,
    int attempt,
    String commandId,
    long sentAtMillis,
    long deadlineMillis,
    long readyAtMillis,
    boolean commandRan,
    boolean failed,
    String failedAt,
    String reason,
    List<String> snapshotIds,
    List<StepRun> runs) {
  SlotState {
    snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
    runs = runs == null ? List.of() : List.copyOf(runs);
  }
}
