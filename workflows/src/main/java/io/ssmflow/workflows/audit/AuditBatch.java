package io.ssmflow.workflows.audit;

import java.util.List;

/**
 * The commands sent to one batch of instances (one per check, in the audit's check order) and
 * the batch's instances whose audit has not ended yet.
 */
public record AuditBatch(List<String> commandIds, List<String> instanceIds) {
  public AuditBatch {
    commandIds = List.copyOf(commandIds);
    instanceIds = List.copyOf(instanceIds);
  }
}
