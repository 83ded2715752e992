package io.ssmflow.workflows.fleetrun;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One slice of a fleet run: its instances' step machines. It holds slots of its parent's launch
 * window and launches its next instance whenever one of its own ends, unless held, finished, past
 * the cutoff or over MaxErrors; slots it cannot use go back to the parent. It ends once all its
 * instances are final, or once the parent said no more launches come and its launched instances are
 * final. Child of a flow; keeps the per-instance detail so the parent holds counts.
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
   * More slots of the window.
   *
   * @param grant how many, and the errors of the other slices
   */
  @SignalMethod
  void grant(Grant grant);

  /**
   * Holds launching (pause) or lets it go on (resume); in-flight instances go on either way.
   *
   * @param hold true to hold
   */
  @SignalMethod
  void hold(boolean hold);

  /** No more launches: end once the launched instances are final. */
  @SignalMethod
  void finish();

  /** The slice's instances, a page in launch order (at most 1,000). */
  @QueryMethod
  List<InstanceResult> instances(int offset, int limit);
}
