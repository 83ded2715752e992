package io.ssmflow.workflows.audit;

import java.util.List;

/**
 * The outputs to read and parse for at most {@link #MAX_INSTANCES} instances.
 *
 * @param checks the audit's checks, in order (custom ones carry their rules; their commands are not
 *     needed here and may be left out)
 * @param instances each instance with its checks' commands
 */
public record FindingsRequest(List<AuditCheck> checks, List<InstanceRuns> instances) {
  /** The most instances one call reads. */
  public static final int MAX_INSTANCES = 50;

  public FindingsRequest {
    checks = List.copyOf(checks);
    instances = List.copyOf(instances);
    if (instances.isEmpty() || instances.size() > MAX_INSTANCES) {
      throw new IllegalArgumentException(
          "findings are read for 1 to " + MAX_INSTANCES + " instances, not " + instances.size());
    }
  }
}
