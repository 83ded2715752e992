package io.ssmflow.workflows.deploy.rollout;

import io.temporal.workflow.SignalMethod;

/**
 * The signal a deployment registers (with {@code Workflow.registerListener}) to hear from its
 * rollout slices. Slices send it by name, {@link #SIGNAL}, through an untyped external stub.
 */
public interface RolloutParent {
  /** The signal's name. */
  String SIGNAL = "sliceReport";

  /**
   * A slice's progress.
   *
   * @param report counts and new failures
   */
  @SignalMethod(name = SIGNAL)
  void sliceReport(SliceReport report);
}
