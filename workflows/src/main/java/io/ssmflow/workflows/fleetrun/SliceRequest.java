package io.ssmflow.workflows.fleetrun;

import java.util.List;
import java.util.Map;

/**
 * One slice of a fleet run, run by a {@link FleetRunWorkflow} child.
 *
 * @param plan what to do on each instance
 * @param instanceIds the slice's instances, in launch order
 * @param granted how many of them the parent lets start at once (more come by signal)
 * @param parentId the workflow id of the flow that owns the launch window (reports go there)
 * @param reportErrorsAtOnce report each new error at once (the parent's MaxErrors can be exceeded);
 *     otherwise errors travel with the periodic reports
 * @param reportIntervalMillis the least time between two periodic reports
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
    boolean reportErrorsAtOnce,
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

  /** The same request carrying {@code next} into a continued run. */
  SliceRequest withState(SliceState next) {
    return new SliceRequest(
        plan,
        instanceIds,
        granted,
        parentId,
        reportErrorsAtOnce,
        reportIntervalMillis,
        historyBudget,
        next,
        restorePoints);
  }
}
