package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.alarm.AlarmState;
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
 * @param wave the install wave running or last run (1-based; 0 before the first or without waves)
 * @param waves how many install waves the plan has (0 without waves)
 * @param bakeRemainingSeconds seconds of bake left (0 when not baking)
 * @param alarms the gating alarms as last read (empty when none)
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
    List<InstancePatchResult> instances,
    int wave,
    int waves,
    long bakeRemainingSeconds,
    List<AlarmState> alarms) {
  public PatchProgress {
    instances = instances == null ? List.of() : List.copyOf(instances);
    alarms = alarms == null ? List.of() : List.copyOf(alarms);
  }

  /** Progress without waves or alarms. */
  public PatchProgress(
      String phase,
      String detail,
      int total,
      int pending,
      int inFlight,
      int done,
      int failed,
      int skipped,
      List<InstancePatchResult> instances) {
    this(phase, detail, total, pending, inFlight, done, failed, skipped, instances, 0, 0, 0, null);
  }
}
