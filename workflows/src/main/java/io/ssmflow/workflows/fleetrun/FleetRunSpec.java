package io.ssmflow.workflows.fleetrun;

import java.util.List;
import java.util.Map;

/**
 * One pass of a fleet run: a plan over instances under a launch window. Build it with {@link
 * #newBuilder}; {@code build()} validates.
 *
 * @param plan what to do on each instance
 * @param instanceIds the instances, in launch order
 * @param concurrency how many instances may be in flight at once (MaxConcurrency, resolved)
 * @param errorThreshold errors tolerated; one more stops launching (MaxErrors, resolved)
 * @param launchCutoffMillis epoch millis after which no instance starts (0: none)
 * @param childPrefix the slices' ids are {@code <flow id>/<prefix>-<n>}
 * @param summary a human summary of the pass, shown on each slice in the Web UI
 * @param sliceSize the most instances one slice (child workflow) owns
 * @param historyBudget continue a slice as new past this many events
 * @param reportIntervalMillis the least time between two periodic slice reports
 * @param restorePoints the snapshot ids an earlier pass took of each instance (a RESTORE step
 *     restores from them when this pass took none); empty when none
 */
public record FleetRunSpec(
    RunPlan plan,
    List<String> instanceIds,
    int concurrency,
    int errorThreshold,
    long launchCutoffMillis,
    String childPrefix,
    String summary,
    int sliceSize,
    long historyBudget,
    long reportIntervalMillis,
    Map<String, List<String>> restorePoints) {
  public static final int DEFAULT_SLICE_SIZE = 1_000;
  public static final long DEFAULT_REPORT_INTERVAL_MILLIS = 1_000;

  /** The reason of instances not started because the launch cutoff passed. */
  public static final String CUTOFF = "cutoff";

  public FleetRunSpec {
    instanceIds = List.copyOf(instanceIds);
    restorePoints = restorePoints == null ? Map.of() : Map.copyOf(restorePoints);
  }

  public static Builder newBuilder(RunPlan plan, List<String> instanceIds) {
    return new Builder(plan, instanceIds);
  }

  /** Builds a {@link FleetRunSpec}; every setter is optional but the plan and the instances. */
  public static final class Builder {
    private final RunPlan plan;
    private final List<String> instanceIds;
    private int concurrency = Integer.MAX_VALUE;
    private int errorThreshold = Integer.MAX_VALUE;
    private long launchCutoffMillis;
    private String childPrefix = "run";
    private String summary = "";
    private int sliceSize = DEFAULT_SLICE_SIZE;
    private long historyBudget = SliceRequest.DEFAULT_HISTORY_BUDGET;
    private long reportIntervalMillis = DEFAULT_REPORT_INTERVAL_MILLIS;
    private Map<String, List<String>> restorePoints = Map.of();

    private Builder(RunPlan plan, List<String> instanceIds) {
      this.plan = plan;
      this.instanceIds = instanceIds;
    }

    public Builder concurrency(int n) {
      concurrency = n;
      return this;
    }

    public Builder errorThreshold(int n) {
      errorThreshold = n;
      return this;
    }

    public Builder launchCutoffMillis(long epochMillis) {
      launchCutoffMillis = epochMillis;
      return this;
    }

    public Builder childPrefix(String prefix) {
      childPrefix = prefix;
      return this;
    }

    public Builder summary(String text) {
      summary = text;
      return this;
    }

    public Builder sliceSize(int n) {
      sliceSize = n;
      return this;
    }

    public Builder historyBudget(long events) {
      historyBudget = events;
      return this;
    }

    public Builder reportIntervalMillis(long millis) {
      reportIntervalMillis = millis;
      return this;
    }

    /** The restore points an earlier pass took, by instance (for a plan that starts RESTORE). */
    public Builder restorePoints(Map<String, List<String>> snapshotIdsByInstance) {
      restorePoints = snapshotIdsByInstance;
      return this;
    }

    public FleetRunSpec build() {
      if (plan == null || instanceIds == null) {
        throw new IllegalArgumentException("a fleet run needs a plan and instances");
      }
      if (concurrency < 1 || errorThreshold < 0 || sliceSize < 1 || historyBudget < 100) {
        throw new IllegalArgumentException(
            "concurrency, slice size and history budget must be"
                + " positive, the error threshold not negative");
      }
      if (childPrefix == null || childPrefix.isBlank() || childPrefix.contains("/")) {
        throw new IllegalArgumentException("child prefix must be a non-empty name");
      }
      return new FleetRunSpec(
          plan,
          instanceIds,
          concurrency,
          errorThreshold,
          launchCutoffMillis,
          childPrefix,
          summary,
          sliceSize,
          historyBudget,
          reportIntervalMillis,
          restorePoints);
    }
  }
}
