package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.snapshot.SnapshotActivityOptions;
import io.temporal.activity.ActivityOptions;

/**
 * Timeouts and retries of a patch run's own activities (deleting snapshots, compliance); the
 * restore points' are in {@link SnapshotActivityOptions} (docs/design.md §4.8).
 */
public final class PatchActivityOptions {
  private PatchActivityOptions() {}

  /** Deleting a run's snapshots and reading compliance: quick, retried. */
  public static ActivityOptions quick() {
    return SnapshotActivityOptions.quick();
  }
}
