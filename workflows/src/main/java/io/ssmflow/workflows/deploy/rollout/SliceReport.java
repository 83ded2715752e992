package io.ssmflow.workflows.deploy.rollout;

import io.ssmflow.workflows.deploy.InstanceProgress;
import java.util.List;

/**
 * A slice's progress, signalled to its parent: on each error while errors can matter, when it
 * goes idle (paused) and at most every few seconds otherwise.
 *
 * @param sliceId the child workflow id
 * @param counts the slice's counts now
 * @param newFailures instances that failed since the last report (at most a few)
 */
public record SliceReport(String sliceId, RolloutProgress counts,
    List<InstanceProgress> newFailures) {
  public SliceReport {
    newFailures = List.copyOf(newFailures);
  }
}
