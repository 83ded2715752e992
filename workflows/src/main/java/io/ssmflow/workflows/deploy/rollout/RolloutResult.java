package io.ssmflow.workflows.deploy.rollout;

import io.ssmflow.workflows.deploy.InstanceProgress;
import java.util.List;

/**
 * How a rollout slice ended.
 *
 * @param instances every instance of the slice with its final state
 * @param errors instances whose deployment failed with an error (MaxErrors counts these)
 * @param failed instances whose deployment failed (errors plus e.g. cancelled commands)
 * @param stopReason why launching stopped early, or null
 */
public record RolloutResult(List<InstanceProgress> instances, int errors, int failed,
    String stopReason) {
  public RolloutResult {
    instances = List.copyOf(instances);
  }
}
