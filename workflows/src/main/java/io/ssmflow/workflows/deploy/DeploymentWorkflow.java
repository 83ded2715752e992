package io.ssmflow.workflows.deploy;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A rolling deployment of one application version to an environment's instances, with canary,
 * approval gate, SSM-style rate control and per-instance rollback. Workflow id: {@code
 * deploy-APP-ENV-VERSION}.
 */
@WorkflowInterface
public interface DeploymentWorkflow {
  /**
   * Runs the deployment to its end.
   *
   * @param request the validated request
   */
  @WorkflowMethod
  DeploymentResult deploy(DeploymentRequest request);

  /** A summary and the first page of instances. */
  /**
   * The run's result once it has ended, also when it was cancelled (Temporal then keeps no result),
   * so {@code ssmflow status} can show the per-instance table; null while it runs.
   */
  @QueryMethod
  DeploymentResult result();

  @QueryMethod
  DeploymentProgress progress();

  /**
   * A page of instances in id order.
   *
   * @param offset the first index
   * @param limit at most this many (capped at 1,000)
   */
  @QueryMethod
  List<InstanceProgress> instances(int offset, int limit);

  /** Stops launching new instances; in-flight ones finish. */
  @SignalMethod
  void pause();

  /** Resumes launching. */
  @SignalMethod
  void resume();

  /**
   * Approves the gate; answers a confirmation line.
   *
   * @param approval who and why
   */
  @UpdateMethod
  String approve(Approval approval);

  /** Rejects an approve when no approval is awaited. */
  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Approval approval);

  /**
   * Rejects the gate; the deployment ends REJECTED, applying its failure policy to the canary.
   *
   * @param approval who and why
   */
  @UpdateMethod
  String reject(Approval approval);

  /** Rejects a reject when no approval is awaited. */
  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(Approval approval);
}
