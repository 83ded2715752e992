package io.ssmflow.workflows.fleetrun;

import java.util.List;

/**
 * A slice's state carried across continue-as-new: its instances, the window's slots it holds, and
 * the finished instances not yet reported. In-flight commands travel as ids (no activity is
 * outstanding when a slice continues).
 */
record SliceState(
    List<SlotState> slots,
    int granted,
    int released,
    int launched,
    boolean finishRequested,
    boolean hold,
    int otherErrors,
    long sequence,
    int errors,
    int finished,
    List<InstanceResult> unreported,
    long lastReportMillis,
    int reportedLaunched,
    int reportedReleased,
    long startedMillis) {
  SliceState {
    slots = List.copyOf(slots);
    unreported = List.copyOf(unreported);
  }
}
