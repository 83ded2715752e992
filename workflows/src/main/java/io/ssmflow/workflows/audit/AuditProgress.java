package io.ssmflow.workflows.audit;

/**
 * A running audit's counters (the {@code progress} query).
 *
 * @param phase resolving, checking, cancelled (the instances in flight finish), reporting or done
 * @param eligible instances to check
 * @param checked instances whose checks ended and whose findings were read
 * @param inFlight instances being checked now, or whose findings are being read
 * @param notChecked instances that will not be (or could not be) checked
 * @param high HIGH findings so far
 * @param medium MEDIUM findings so far
 * @param low LOW findings so far
 */
public record AuditProgress(
    String phase,
    int eligible,
    int checked,
    int inFlight,
    int notChecked,
    int high,
    int medium,
    int low) {}
