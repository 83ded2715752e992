package io.ssmflow.workflows.fleetrun;

import java.util.List;

/**
 * A slice's state carried across continue-as-new: its instances, what the parent granted, and the
 * finished instances not yet reported. In-flight commands travel as ids (no activity is outstanding
 * when a slice continues).
 */
record SliceState(
    List<SlotState> slots,
    int granted,
    int launched,
    boolean finishRequested,
    long sequence,
    int errors,
    int finished,
    List<InstanceResult> unreported,
    long lastReportMillis) {
  SliceState {
    slots = List.copyOf(slots);
    unreported = List.copyOf(unreported);
  }
}
