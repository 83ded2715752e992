package io.ssmflow.workflows.deploy;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One deployment of an app to an environment at a time: a deployment holds its lock as a child
 * workflow with the fixed id {@link DeploymentIds#lockId}, which a second deployment of the same
 * app and environment cannot start while the first runs (a workflow id is unique among running
 * executions). The deployment releases it as its last act and waits for it to end, so the next
 * deployment can start the moment this one has closed; a deployment that is terminated instead
 * takes its lock with it (parent close policy TERMINATE).
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

  /** The deployment is done: the lock ends. */
  @SignalMethod
  void release();

  /** The lock: waits until released (or its parent's close terminates it). */
  class Impl implements DeploymentLock {
    private boolean released;

    @Override
    public void hold(String holder) {
      Workflow.await(() -> released);
    }

    @Override
    public void release() {
      released = true;
    }
  }
}
