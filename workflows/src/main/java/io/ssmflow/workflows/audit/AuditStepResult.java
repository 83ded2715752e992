package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleet.SkippedInstance;
import java.util.List;

/**
 * What one step did.
 *
 * @param started the new batch's commands (null when nothing was started)
 * @param audited instances whose checks all ended and were parsed
 * @param notChecked instances whose checks could not run (delivery timed out, undeliverable,
 *     cancelled), with the reason
 */
public record AuditStepResult(AuditBatch started, List<InstanceAudit> audited,
    List<SkippedInstance> notChecked) {
  public AuditStepResult {
    audited = List.copyOf(audited);
    notChecked = List.copyOf(notChecked);
  }
}
