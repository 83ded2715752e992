package io.ssmflow.workflows.deploy;

import java.time.Duration;
import java.util.List;

/**
 * One step of a deployment spec: shell lines run on each instance with AWS-RunShellScript. Lines
 * are templates with {@code {{App}}}, {@code {{Version}}}, {@code {{Env}}} and {@code
 * {{PreviousVersion}}}, rendered with validated values only.
 *
 * @param name a short name (stop, backup, fetch, configure, start, health)
 * @param commands the shell lines (templates)
 * @param timeoutSeconds the executionTimeout of each attempt
 * @param attempts how many times to run it before the step fails (health checks retry)
 * @param retryDelay the pause between attempts
 */
public record DeploymentStep(
    String name, List<String> commands, int timeoutSeconds, int attempts, Duration retryDelay) {
  public DeploymentStep {
    commands = List.copyOf(commands);
    if (attempts < 1) {
      throw new IllegalArgumentException("step " + name + ": attempts must be at least 1");
    }
    retryDelay = retryDelay == null ? Duration.ZERO : retryDelay;
  }
}
