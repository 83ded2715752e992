package io.ssmflow.workflows.audit;

import java.util.List;

/**
 * The audit of one instance whose checks ran.
 *
 * @param instanceId the instance
 * @param findings what the checks found (empty: clean)
 * @param checkErrors checks that could not give a verdict, e.g. {@code "load: timed out"}
 */
public record InstanceAudit(String instanceId, List<Finding> findings, List<String> checkErrors) {
  public InstanceAudit {
    findings = List.copyOf(findings);
    checkErrors = checkErrors == null ? List.of() : List.copyOf(checkErrors);
  }
}
