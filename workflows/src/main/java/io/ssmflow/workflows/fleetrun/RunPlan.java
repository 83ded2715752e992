package io.ssmflow.workflows.fleetrun;

import java.util.List;

/**
 * What a fleet run does on each instance: the steps in order and, for an instance whose step fails
 * after the change began, the compensation steps that undo it.
 *
 * <p>SSM's rule for undelivered commands (DeliveryTimedOut, Undeliverable, refused by SendCommand):
 * on an instance where no command of this run has run yet it is not an error and the instance ends
 * SKIPPED; once any command ran, the instance FAILED (counted toward MaxErrors and compensated),
 * never skipped.
 *
 * @param label a short human label for command comments, e.g. {@code deploy shop 2.0.0}
 * @param steps the forward steps
 * @param compensation the steps that undo a failed instance (empty: none)
 * @param continueOnFailure run every step whatever the previous one answered (audits: a check's
 *     exit code is a finding, not a failure); nothing counts as an error then
 * @param recordRuns keep each instance's command ids per step in its result (audits read the
 *     outputs afterwards)
 * @param tagWorkflowId the workflow id snapshots are tagged with (the flow's, not the slice's)
 * @param tagRunId the run id snapshots are tagged with
 */
public record RunPlan(
    String label,
    List<RunStep> steps,
    List<RunStep> compensation,
    boolean continueOnFailure,
    boolean recordRuns,
    String tagWorkflowId,
    String tagRunId) {
  /** The most steps a plan may have. */
  public static final int MAX_STEPS = 100;

  public RunPlan {
    steps = List.copyOf(steps);
    compensation = compensation == null ? List.of() : List.copyOf(compensation);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a plan needs at least one step");
    }
    if (steps.size() + compensation.size() > MAX_STEPS) {
      throw new IllegalArgumentException("a plan has at most " + MAX_STEPS + " steps");
    }
  }

  /** A plan of {@code steps}, with no compensation. */
  public static RunPlan of(String label, List<RunStep> steps) {
    return new RunPlan(label, steps, List.of(), false, false, null, null);
  }

  /** This plan with compensation steps. */
  public RunPlan compensatedBy(List<RunStep> undo) {
    return new RunPlan(label, steps, undo, continueOnFailure, recordRuns, tagWorkflowId, tagRunId);
  }

  /** This plan running every step whatever the previous answered, recording command ids. */
  public RunPlan checksOnly() {
    return new RunPlan(label, steps, compensation, true, true, tagWorkflowId, tagRunId);
  }

  /** This plan tagging snapshots with the flow's workflow id and run id. */
  public RunPlan taggedWith(String workflowId, String runId) {
    return new RunPlan(
        label, steps, compensation, continueOnFailure, recordRuns, workflowId, runId);
  }
}
