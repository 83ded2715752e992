package io.ssmflow.workflows.runbook;

import java.util.List;

/**
 * aws:changeInstanceState.
 *
 * @param instanceIds the instances
 * @param desiredState running or stopped
 * @param checkStateOnly only wait until they are in that state, change nothing
 * @param force stop without letting the OS flush (EC2 Force)
 * @param timeoutSeconds how long to wait for the state
 */
public record InstanceStateChange(
    List<String> instanceIds,
    String desiredState,
    boolean checkStateOnly,
    boolean force,
    int timeoutSeconds) {
  public InstanceStateChange {
    instanceIds = List.copyOf(instanceIds);
  }
}
