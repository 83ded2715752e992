package io.ssmflow.workflows.fleetrun;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One slice of a fleet run: its instances' step machines. It launches only what its parent granted,
 * and ends once the parent said no more launches come and its launched instances are final. Child
 * of a flow; keeps the per-instance detail so the parent holds counts.
 */
@WorkflowInterface
public interface FleetRunWorkflow {
  /**
   * Runs the slice to its end; answers the last report.
   *
   * @param request the slice
   */
  @WorkflowMethod
  SliceReport run(SliceRequest request);

  /**
   * Lets {@code count} more instances start.
   *
   * @param count how many
   */
  @SignalMethod
  void launch(int count);

  /** No more launches: end once the launched instances are final. */
  @SignalMethod
  void finish();

  /** The slice's instances, a page in launch order (at most 1,000). */
  @QueryMethod
  List<InstanceResult> instances(int offset, int limit);
}
