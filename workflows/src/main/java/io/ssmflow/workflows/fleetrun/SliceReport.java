package io.ssmflow.workflows.fleetrun;

import java.util.List;

/**
 * What a slice tells the parent (by signal while it runs, and as its result at the end). Counters
 * are cumulative, so a report never needs the ones before it.
 *
 * @param sliceId the slice's workflow id
 * @param finished instances that reached their final state since the previous report
 * @param finishedTotal how many of the slice's instances are final (left the window)
 * @param errors errors so far (SSM's: failed or timed out forward steps)
 * @param launched how many instances the slice has launched
 * @param released how many of the window's slots the slice gave back (it has nothing more to launch
 *     in them)
 */
public record SliceReport(
    String sliceId,
    List<InstanceResult> finished,
    int finishedTotal,
    int errors,
    int launched,
    int released) {
  public SliceReport {
    finished = List.copyOf(finished);
  }
}
