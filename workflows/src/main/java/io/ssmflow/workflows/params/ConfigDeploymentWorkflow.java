package io.ssmflow.workflows.params;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Pushes an application's configuration to Parameter Store under {@code /APP/ENV/}: writes only
 * what changed, restores everything it wrote when a write fails (or the push is cancelled), records
 * the versions it replaced, and optionally restarts the application through a deployment. Workflow
 * id: {@link ParamsIds#pushId}.
 */
@WorkflowInterface
public interface ConfigDeploymentWorkflow {
  /**
   * Runs the push.
   *
   * @param request the validated request (carries values: keep the payload codec on)
   */
  @WorkflowMethod
  ConfigPushResult push(ConfigPushRequest request);

  /** Phase and counts; never values. */
  @QueryMethod
  ConfigPushProgress progress();
}
