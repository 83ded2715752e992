package io.ssmflow.workflows.audit;

import java.time.Duration;
import java.util.List;

/**
 * One step of the audit loop: start the checks on a new batch (optional), then wait for any
 * batch's instances to finish all their checks.
 *
 * @param batchKey the idempotency key of the new batch (null: start nothing)
 * @param start the new batch's instances, 1 to 50 (empty with a null key)
 * @param checks the audit's checks
 * @param pending batches in flight
 * @param maxWait return (possibly with nothing finished) after this long
 * @param linger after the first instance finishes, keep collecting for this long
 */
public record AuditStepRequest(String batchKey, List<String> start, List<AuditCheck> checks,
    List<AuditBatch> pending, Duration maxWait, Duration linger) {
  public AuditStepRequest {
    start = start == null ? List.of() : List.copyOf(start);
    checks = List.copyOf(checks);
    pending = pending == null ? List.of() : List.copyOf(pending);
  }
}
