package io.ssmflow.workflows.fleetrun;

import java.util.List;
import java.util.Map;

/**
 * One slice of a fleet run, run by a {@link FleetRunWorkflow} child.
 *
 * @param plan what to do on each instance
 * @param instanceIds the slice's instances, in launch order
 * @param granted how many of the window's slots the parent gives it at start (more come by signal)
 * @param parentId the workflow id of the flow that owns the launch window (reports go there)
 * @param errorThreshold MaxErrors, resolved: the slice launches nothing once the errors it knows of
 *     exceed it
 * @param otherErrors the errors the parent knew of in the other slices when it started this one
 * @param launchCutoffMillis epoch millis from which the slice launches nothing (0: none)
 * @param reportErrorsAtOnce report each new error at once (the parent's MaxErrors can be exceeded);
 *     otherwise errors travel with the periodic reports
 * @param releaseBatch slots given back worth a report at once by a slice told to finish (a slice
 *     with nothing left to launch reports what it gave back at the end of each turn)
 * @param reportIntervalMillis the least time between two periodic reports (the interval grows with
 *     the slice's age: see {@link #periodicInterval})
 * @param historyBudget continue as new once a run's history passes this many events
 * @param state the carried state when continued as new, else null
 * @param restorePoints the snapshot ids an earlier pass took of the slice's instances (null or
 *     empty: none)
 */
public record SliceRequest(
    RunPlan plan,
    List<String> instanceIds,
    int granted,
    String parentId,
    int errorThreshold,
    int otherErrors,
    long launchCutoffMillis,
    boolean reportErrorsAtOnce,
    int releaseBatch,
    long reportIntervalMillis,
    long historyBudget,
    SliceState state,
    Map<String, List<String>> restorePoints) {
  /** The default history budget of one run of a slice (well under 10,240 events). */
  public static final long DEFAULT_HISTORY_BUDGET = 4_000;

  public SliceRequest {
    instanceIds = List.copyOf(instanceIds);
    restorePoints = restorePoints == null ? Map.of() : restorePoints;
  }

  /**
   * Finished instances worth a report before the interval: a fortieth of the slice, at least 10.
   */
  static int reportBatch(int sliceSize) {
    return Math.max(10, sliceSize / 40);
  }

  /**
   * The least time between two periodic reports of a slice this old: the configured interval, or a
   * 25th of the slice's age once that is longer. A periodic report only keeps the parent's counts
   * fresh (launches never wait for one), and the parent's history grows with every report: over a
   * run of age T a slice sends about 25 (1 + ln(T / 25 intervals)) of them, not T / interval.
   */
  long periodicInterval(long ageMillis) {
    return Math.max(reportIntervalMillis, ageMillis / 25);
  }

  /** The same request carrying {@code next} into a continued run. */
  SliceRequest withState(SliceState next) {
    return new SliceRequest(
        plan,
        instanceIds,
        granted,
        parentId,
        errorThreshold,
        otherErrors,
        launchCutoffMillis,
        reportErrorsAtOnce,
        releaseBatch,
        reportIntervalMillis,
        historyBudget,
        next,
        restorePoints);
  }
}
