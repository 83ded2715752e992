package io.ssmflow.workflows.common;

/** Task queue names. */
public final class TaskQueues {
  /** The default task queue ({@code SSMFLOW_TASK_QUEUE} overrides it). */
  public static final String DEFAULT = "ssmflow";

  private TaskQueues() {}
}
