package io.ssmflow.workflows.deploy;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One deployment of an app to an environment at a time: a deployment holds its lock as a child
 * workflow with the fixed id {@link DeploymentIds#lockId}, which a second deployment of the same
 * app and environment cannot start while the first runs (a workflow id is unique among running
 * executions). The lock ends when its deployment closes (parent close policy TERMINATE).
 */
@WorkflowInterface
public interface DeploymentLock {
  /**
   * Holds the lock until the deployment that started it closes.
   *
   * @param holder the deployment's workflow id (shown by the CLI when it refuses another)
   */
  @WorkflowMethod
  void hold(String holder);

  /** The lock: waits for ever; its parent's close terminates it. */
  class Impl implements DeploymentLock {
    @Override
    public void hold(String holder) {
      Workflow.await(() -> false);
    }
  }
}
