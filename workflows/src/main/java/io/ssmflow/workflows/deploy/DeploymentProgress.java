package io.ssmflow.workflows.deploy;

import io.ssmflow.workflows.alarm.AlarmState;
import java.util.List;

/**
 * The answer of the {@code progress} query: a summary plus one page of instances (never the whole
 * fleet: 10,000 instances do not fit a query answer).
 *
 * @param phase resolving, canary, awaiting-approval, rolling-out, rolling-back, finishing, done
 * @param detail a human line for the phase (e.g. "wave 3/20: 500 instances")
 * @param paused whether launching is paused
 * @param total eligible instances
 * @param succeeded instances on the new version
 * @param failed instances that failed (before rollback)
 * @param inFlight instances being deployed or rolled back now
 * @param pending eligible instances not started yet
 * @param skipped instances skipped (not eligible, or not launched after a stop)
 * @param rolledBack instances restored to the previous version
 * @param instances a page of instances (the first 100, failures first)
 * @param wave the wave running or last run (1-based; 0 before the first)
 * @param waves how many waves the plan has (0 before the targets are known)
 * @param bakeRemainingSeconds seconds of bake left (0 when not baking)
 * @param alarms the gating alarms as last read (empty when none)
 */
public record DeploymentProgress(
    String phase,
    String detail,
    boolean paused,
    int total,
    int succeeded,
    int failed,
    int inFlight,
    int pending,
    int skipped,
    int rolledBack,
    List<InstanceProgress> instances,
    int wave,
    int waves,
    long bakeRemainingSeconds,
    List<AlarmState> alarms) {
  /** Progress without waves or alarms. */
  public DeploymentProgress(
      String phase,
      String detail,
      boolean paused,
      int total,
      int succeeded,
      int failed,
      int inFlight,
      int pending,
      int skipped,
      int rolledBack,
      List<InstanceProgress> instances) {
    this(
        phase,
        detail,
        paused,
        total,
        succeeded,
        failed,
        inFlight,
        pending,
        skipped,
        rolledBack,
        instances,
        0,
        0,
        0,
        List.of());
  }
}
