package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleetrun.StepRun;
import java.util.List;

/**
 * The checks' commands as they ran on one instance: one run per check that was sent (the step is
 * the check's name), with the command id and how its invocation ended.
 *
 * @param instanceId the instance
 * @param runs the runs, in check order
 */
public record InstanceRuns(String instanceId, List<StepRun> runs) {
  public InstanceRuns {
    runs = List.copyOf(runs);
  }
}
