package io.ssmflow.workflows.fleetrun;

import java.util.Collection;

/**
 * The counts of one pass of a fleet run.
 *
 * @param total instances in the pass
 * @param pending not launched yet
 * @param inFlight launched, not final
 * @param succeeded every step succeeded
 * @param failed a forward step failed (compensated or not)
 * @param compensated failed and undone
 * @param compensationFailed failed, and the undo failed too
 * @param skipped not changed
 * @param errors SSM's error count (MaxErrors)
 * @param stopReason why launching stopped early, or null
 */
public record RunCounts(
    int total,
    int pending,
    int inFlight,
    int succeeded,
    int failed,
    int compensated,
    int compensationFailed,
    int skipped,
    int errors,
    String stopReason) {

  static RunCounts of(
      int total, Collection<InstanceResult> finals, int inFlight, int errors, String stopReason) {
    int succeeded = 0;
    int failed = 0;
    int compensated = 0;
    int compensationFailed = 0;
    int skipped = 0;
    for (InstanceResult r : finals) {
      failed += r.failed() ? 1 : 0;
      switch (r.state()) {
        case SUCCEEDED -> succeeded++;
        case COMPENSATED -> compensated++;
        case COMPENSATION_FAILED -> compensationFailed++;
        case SKIPPED -> skipped++;
        default -> {}
      }
    }
    int pending = Math.max(0, total - finals.size() - inFlight);
    return new RunCounts(
        total,
        pending,
        inFlight,
        succeeded,
        failed,
        compensated,
        compensationFailed,
        skipped,
        errors,
        stopReason);
  }
}
