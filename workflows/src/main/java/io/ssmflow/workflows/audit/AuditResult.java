package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleet.SkippedInstance;
import java.util.List;
import java.util.Map;

/**
 * The audit's report. Findings are the result, not a failure.
 *
 * @param targets the targets, described
 * @param environment the label given (may be null)
 * @param checks the names of the checks that ran
 * @param startedAtMillis when the audit started
 * @param finishedAtMillis when it ended
 * @param cancelled whether it was cancelled (the result then covers what had ended)
 * @param checkedCount instances whose checks ran
 * @param bySeverity finding counts by severity (HIGH, MEDIUM, LOW, all present)
 * @param byCheck finding counts by check name (every check present)
 * @param instances per-instance findings, by instance id
 * @param notChecked instances that could not be checked, with the reason
 * @param recommendations one per finding type, most severe first
 */
public record AuditResult(
    String targets,
    String environment,
    List<String> checks,
    long startedAtMillis,
    long finishedAtMillis,
    boolean cancelled,
    int checkedCount,
    Map<String, Integer> bySeverity,
    Map<String, Integer> byCheck,
    List<InstanceAudit> instances,
    List<SkippedInstance> notChecked,
    List<Recommendation> recommendations) {

  /** The number of findings of one severity. */
  public int count(Severity severity) {
    return bySeverity.getOrDefault(severity.name(), 0);
  }
}
