package io.ssmflow.workflows.params;

import io.ssmflow.workflows.deploy.DeploymentRequest;
import io.ssmflow.workflows.deploy.DeploymentSpec;
import io.ssmflow.workflows.deploy.DeploymentSpecs;
import io.ssmflow.workflows.deploy.DeploymentStep;
import io.ssmflow.workflows.deploy.FailurePolicy;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import java.util.List;
import java.util.Map;

/**
 * The restart after a config push, as a deployment of the version already deployed with only the
 * built-in spec's stop and start steps and its health check: the rollout engine (targets,
 * MaxConcurrency, MaxErrors, health checks) is reused as is. Re-recording the same version in
 * Parameter Store writes nothing.
 */
public final class ConfigRestart {
  private ConfigRestart() {}

  /** stop, start; the built-in health check; "rollback" starts the application again. */
  public static DeploymentSpec spec() {
    DeploymentSpec full = DeploymentSpecs.defaultSpec();
    DeploymentStep stop = step(full, "stop");
    DeploymentStep start = step(full, "start");
    return new DeploymentSpec(List.of(stop, start), full.healthCheck(), start);
  }

  /** A deployment of {@code version} to the instances tagged Application=APP, Environment=ENV. */
  public static DeploymentRequest request(
      String app, String env, String version, String maxConcurrency) {
    return DeploymentRequest.newBuilder(
            app, version, env, TargetSpec.ofTags(Map.of("Application", app, "Environment", env)))
        .maxConcurrency(RateLimit.maxConcurrency(maxConcurrency == null ? "25%" : maxConcurrency))
        .failurePolicy(FailurePolicy.STOP)
        .spec(spec())
        .build();
  }

  private static DeploymentStep step(DeploymentSpec spec, String name) {
    return spec.steps().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the built-in spec has no " + name));
  }
}
