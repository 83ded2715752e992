package io.ssmflow.workflows.patch;

/** How a patch run ended. */
public enum PatchOutcome {
  /** Every eligible instance scanned or patched (skipped ones are listed). */
  SUCCEEDED,
  /** Some instances failed and were all restored from their snapshots. */
  ROLLED_BACK,
  /** At least one restore failed: an instance may be half patched (loud: alert, exit 1). */
  ROLLBACK_FAILED,
  /** A scan failed on some instances, or MaxErrors stopped the run. */
  FAILED,
  /** Unhealthy instances in production: nothing was changed. */
  ABORTED,
  /** No eligible instance matched: nothing was changed. */
  NO_TARGETS,
  /** Cancelled: started instances were finished or restored. */
  CANCELLED;

  /** Whether the CLI exits 0. */
  public boolean isSuccess() {
    return this == SUCCEEDED;
  }
}
