package io.ssmflow.workflows.deploy.rollout;

import io.ssmflow.workflows.deploy.InstanceProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One slice (at most a few hundred instances) of a deployment: a sliding window of instances,
 * each running its steps as soon as its previous command ends. Child of a deployment; keeps the
 * per-instance detail so the parent only holds counts.
 */
@WorkflowInterface
public interface RolloutWorkflow {
  /**
   * Runs the slice to its end.
   *
   * @param request the slice
   */
  @WorkflowMethod
  RolloutResult run(RolloutRequest request);

  /**
   * Stops launching: in-flight instances finish, never-started ones end SKIPPED.
   *
   * @param reason e.g. "MaxErrors exceeded", recorded on the skipped instances
   */
  @SignalMethod
  void stopLaunching(String reason);

  /** Stops launching until {@link #resume}. */
  @SignalMethod
  void pause();

  /** Resumes launching. */
  @SignalMethod
  void resume();

  /** The slice's counts. */
  @QueryMethod
  RolloutProgress progress();

  /**
   * A page of the slice's instances in launch order.
   *
   * @param offset first index
   * @param limit at most this many (capped at 1,000)
   */
  @QueryMethod
  List<InstanceProgress> instances(int offset, int limit);
}
