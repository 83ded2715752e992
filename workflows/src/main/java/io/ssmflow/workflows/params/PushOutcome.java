package io.ssmflow.workflows.params;

/** How a config push ended. */
public enum PushOutcome {
  /** Every change written (and the restart, when asked, succeeded). */
  SUCCEEDED,
  /** Nothing differed from what is stored: nothing written. */
  NO_CHANGES,
  /** A write failed; what had been written was restored (see the result's message). */
  FAILED_ROLLED_BACK,
  /** The changes are written but the restart did not succeed. */
  RESTART_FAILED
}
