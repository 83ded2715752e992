package io.ssmflow.workflows.window;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One run of a maintenance window: checks that the AWS expression is due at the window's start,
 * runs the tasks in priority order (equal priorities in parallel) as child workflows, starts
 * nothing after the cutoff (and passes the cutoff to every operation, so running ones start no new
 * instance), and cancels what still runs at the end of the duration, waiting for the operations'
 * own cleanup. Started by a Temporal schedule ({@code ssmflow schedule create}).
 */
@WorkflowInterface
public interface MaintenanceWindowWorkflow {
  /**
   * Runs the window to its end.
   *
   * @param request the validated request
   */
  @WorkflowMethod
  MaintenanceWindowResult run(MaintenanceWindowRequest request);

  /** Every task's status so far. */
  @QueryMethod
  List<WindowTaskResult> tasks();
}
