package io.ssmflow.workflows.fleetrun;

import java.util.List;

/**
 * Instances that arrive while a pass runs (targets still being resolved): {@link FleetRun} starts
 * slices on what has arrived and takes the rest as it comes. Read from workflow code only; it
 * changes between the pass's turns, never during one.
 */
public interface InstanceFeed {
  /** Every instance so far, in launch order: it starts with the pass's instances, only grows. */
  List<String> ids();

  /** No instance will be added any more. */
  boolean complete();

  /** Why the feed ended before it had every instance, or null. */
  String failure();
}
