package io.ssmflow.workflows.fleetrun;

/** Where one instance is in a fleet run. */
public enum RunState {
  PENDING,
  RUNNING,
  COMPENSATING,
  /** Every step succeeded. */
  SUCCEEDED,
  /** A step failed and the plan has no compensation. */
  FAILED,
  /** A step failed and the compensation succeeded. */
  COMPENSATED,
  /** A step failed and the compensation failed too: the instance may be half changed. */
  COMPENSATION_FAILED,
  /** Not changed: never launched, or no command of the run reached it. */
  SKIPPED;

  public boolean isFinal() {
    return this != PENDING && this != RUNNING && this != COMPENSATING;
  }
}
