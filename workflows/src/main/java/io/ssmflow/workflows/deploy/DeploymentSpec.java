package io.ssmflow.workflows.deploy;

import java.util.List;

/**
 * What a deployment runs on each instance: the steps in order, then the health check; and the
 * rollback that restores the previous state of an instance.
 *
 * @param steps the steps, in order
 * @param healthCheck the health check run after the steps (required)
 * @param rollback run on an instance to undo the steps (required)
 */
public record DeploymentSpec(
    List<DeploymentStep> steps, DeploymentStep healthCheck, DeploymentStep rollback) {
  public DeploymentSpec {
    steps = List.copyOf(steps);
  }
}
