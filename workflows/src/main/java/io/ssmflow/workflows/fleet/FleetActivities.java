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

  /**
   * Resolves one page of the targets, as {@link #resolveTargets} does the whole: a flow that can
   * start on part of its fleet starts on the first page while the rest is still being listed. An
   * instance may appear on two pages (a patch group's two tag keys); the caller keeps the first.
   *
   * @param targets what to match
   * @param cursor null for the first page, then the previous page's {@link TargetPage#next}
   * @param pageSize the most instances an EC2 page may list (5 to 1,000; others are clamped): a
   *     flow asks for a first page no larger than what it starts at once
   */
  @ActivityMethod
  TargetPage resolveTargetsPage(TargetSpec targets, String cursor, int pageSize);
}
