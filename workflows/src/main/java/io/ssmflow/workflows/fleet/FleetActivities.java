package io.ssmflow.workflows.fleet;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Finding out which instances an operation may touch (EC2 DescribeInstances + SSM agent status).
 */
@ActivityInterface
public interface FleetActivities {
  /**
   * Resolves targets: instances matching the spec that are running and whose SSM agent is Online
   * are eligible; the others are returned as skipped with the reason. Unknown explicit instance ids
   * are skipped with reason "not found".
   *
   * @param targets what to match
   */
  @ActivityMethod
  ResolvedTargets resolveTargets(TargetSpec targets);
}
