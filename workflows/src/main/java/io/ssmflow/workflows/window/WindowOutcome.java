package io.ssmflow.workflows.window;

/** How a maintenance window run ended. */
public enum WindowOutcome {
  /** Every task ran and succeeded. */
  SUCCEEDED,
  /** Some task failed, was cut off or was cancelled at the end of the window. */
  FAILED,
  /** The schedule fired at a time the AWS expression does not (a superset spec): nothing ran. */
  NOT_DUE,
  /** The window run itself was cancelled; running tasks were cancelled and cleaned up. */
  CANCELLED;

  /** Whether the CLI exits 0 (a not-due run is a normal, empty run). */
  public boolean isSuccess() {
    return this == SUCCEEDED || this == NOT_DUE;
  }
}
