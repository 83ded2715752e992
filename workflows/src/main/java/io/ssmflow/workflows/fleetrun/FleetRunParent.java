package io.ssmflow.workflows.fleetrun;

import io.temporal.workflow.SignalMethod;

/**
 * The signal a flow registers (through {@link FleetRun}) to hear from its slices. Slices send it by
 * name to the parent's workflow id (never a run id).
 */
public interface FleetRunParent {
  /** The signal's name. */
  String SIGNAL = "fleetRunReport";

  /**
   * A slice's progress.
   *
   * @param report finished instances and counters
   */
  @SignalMethod(name = SIGNAL)
  void report(SliceReport report);
}
