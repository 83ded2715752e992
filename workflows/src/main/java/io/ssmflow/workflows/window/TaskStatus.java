package io.ssmflow.workflows.window;

/** Where one task of a window run is. */
public enum TaskStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Not started: the window's cutoff had passed. */
  SKIPPED_CUTOFF,
  /** Cancelled at the end of the window (its own cancel cleanup ran first). */
  CANCELLED,
  /** The run was not due: nothing started. */
  NOT_DUE
}
