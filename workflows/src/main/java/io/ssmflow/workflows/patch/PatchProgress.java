package io.ssmflow.workflows.patch;

import java.util.List;

/**
 * The answer of the {@code progress} query: a summary plus one page of instances.
 *
 * @param phase resolving, health-check, snapshotting, installing, scanning, rolling-back,
 *     finishing, done
 * @param detail a human line for the phase
 * @param total eligible instances
 * @param pending eligible instances not started yet
 * @param inFlight instances being checked, snapshotted, patched, validated or restored now
 * @param done instances scanned or patched
 * @param failed instances that failed (scan failures, rollbacks, rollback failures)
 * @param skipped instances skipped
 * @param instances a page of instances (the first 100, failures first)
 */
public record PatchProgress(
    String phase,
    String detail,
    int total,
    int pending,
    int inFlight,
    int done,
    int failed,
    int skipped,
    List<InstancePatchResult> instances) {
  public PatchProgress {
    instances = instances == null ? List.of() : List.copyOf(instances);
  }
}
