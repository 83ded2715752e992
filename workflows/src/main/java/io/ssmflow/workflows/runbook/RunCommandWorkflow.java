package io.ssmflow.workflows.runbook;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One aws:runCommand step of a runbook, as a child workflow that owns its fleet run (so steps of an
 * orchestration run their commands in parallel, each under its own MaxConcurrency and MaxErrors).
 * Workflow id: the runbook's id, {@code /}, the step and its run number.
 */
@WorkflowInterface
public interface RunCommandWorkflow {
  /**
   * Resolves the targets, runs the command on them through the fleet-run engine, reads the first
   * instance's output.
   *
   * @param request the rendered step
   */
  @WorkflowMethod
  RunCommandOutcome run(RunCommandRequest request);
}
