package io.ssmflow.workflows.deploy.rollout;

import io.ssmflow.workflows.deploy.DeploymentStep;
import java.util.List;

/**
 * One slice of a deployment, run by a {@link RolloutWorkflow} child.
 *
 * @param label a short human label for command comments, e.g. {@code deploy shop 2.0.0}
 * @param mode deploy or roll back
 * @param instanceIds the slice's instances, in launch order
 * @param steps rendered steps in order; in DEPLOY mode the health check is the last one, in
 *     ROLLBACK mode the only step is the rollback
 * @param rollback the rendered rollback run on an instance whose step failed (DEPLOY), or null
 * @param concurrency how many of the slice's instances may be in flight at once
 * @param errorThreshold errors tolerated before this slice stops launching by itself (the
 *     parent may stop it earlier when errors elsewhere push the global count over)
 * @param errorReportBatch signal the parent as soon as this many errors are unreported (0: do
 *     not report errors early; used only when errors can matter across slices)
 * @param reportIntervalMillis the least time between two periodic reports (the parent scales it
 *     with its number of slices, so it hears about one report per interval in total)
 * @param historyBudget continue as new once a run's history passes this many events (or when
 *     the server suggests it); {@link #DEFAULT_HISTORY_BUDGET} keeps runs well under 10,240
 * @param state the carried state when continued as new, else null
 */
public record RolloutRequest(
    String label,
    RolloutMode mode,
    List<String> instanceIds,
    List<DeploymentStep> steps,
    DeploymentStep rollback,
    int concurrency,
    int errorThreshold,
    int errorReportBatch,
    long reportIntervalMillis,
    long historyBudget,
    RolloutState state) {
  /** The default history budget of one run. */
  public static final long DEFAULT_HISTORY_BUDGET = 4_000;

  public RolloutRequest {
    instanceIds = List.copyOf(instanceIds);
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a rollout needs at least one step");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
  }

  /** The same request carrying {@code next} into a continued run. */
  public RolloutRequest withState(RolloutState next) {
    return new RolloutRequest(label, mode, instanceIds, steps, rollback, concurrency,
        errorThreshold, errorReportBatch, reportIntervalMillis, historyBudget, next);
  }
}
