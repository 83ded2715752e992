package io.ssmflow.workflows.patch;

/** Where one instance is in a patch run. */
public enum PatchInstanceState {
  PENDING,
  HEALTH_CHECK,
  SNAPSHOTTING,
  INSTALLING,
  VALIDATING,
  ROLLING_BACK,
  /** Scan finished: the compliance report is attached. */
  SCANNED,
  /** Install and validation succeeded. */
  PATCHED,
  /** Install or validation failed; restored from the pre-patch snapshot and validated. */
  ROLLED_BACK,
  /** Install or validation failed and the restore (or its validation) failed too. */
  ROLLBACK_FAILED,
  /** Not changed, with the reason (not eligible, unhealthy, MaxErrors, cutoff, cancel). */
  SKIPPED,
  /** A Scan that failed on this instance (nothing changed). */
  FAILED;

  /** Whether the instance has reached its final state. */
  public boolean isFinal() {
    return switch (this) {
      case SCANNED, PATCHED, ROLLED_BACK, ROLLBACK_FAILED, SKIPPED, FAILED -> true;
      default -> false;
    };
  }
}
