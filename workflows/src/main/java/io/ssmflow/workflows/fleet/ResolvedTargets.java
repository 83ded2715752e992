package io.ssmflow.workflows.fleet;

import java.util.List;

/**
 * The outcome of target resolution.
 *
 * @param eligible running instances whose SSM agent is Online, sorted by id
 * @param skipped matched instances that are not eligible, each with the reason
 */
public record ResolvedTargets(List<String> eligible, List<SkippedInstance> skipped) {
  public ResolvedTargets {
    eligible = List.copyOf(eligible);
    skipped = List.copyOf(skipped);
  }
}
