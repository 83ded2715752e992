package io.ssmflow.cli.runbook;

import static java.util.Objects.requireNonNull;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.runbook.AutomationExecution;
import io.ssmflow.workflows.runbook.RunbookWorkflow;
import io.ssmflow.workflows.runbook.StepExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a runbook run through its {@code execution} query (which answers while it runs and after it
 * closed, also when it was cancelled) and follows it to the end, printing each step as it changes.
 */
final class RunbookWatcher {
  private final TemporalConnection connection;
  private final Duration pollInterval;
  private final DeploymentWatcher describer;

  RunbookWatcher(TemporalConnection connection, Duration pollInterval) {
    this.connection = requireNonNull(connection, "connection is null");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    this.describer = new DeploymentWatcher(connection, pollInterval);
  }

  /** The run's status in Temporal. */
  WorkflowExecutionStatus status(String workflowId) {
    return describer.describe(workflowId).getWorkflowExecutionInfo().getStatus();
  }

  /**
   * The execution now, or null while no worker answers.
   *
   * @throws CliError when a payload cannot be decoded (codec key)
   */
  AutomationExecution execution(String workflowId) {
    try {
      return connection.client().newWorkflowStub(RunbookWorkflow.class, workflowId).execution();
    } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
      CliError codec = Errors.codecFailure(e);
      if (codec != null) {
        throw codec;
      }
      return null;
    }
  }

  /** Follows the run until Temporal closes it; prints step changes unless {@code quiet}. */
  AutomationExecution follow(String workflowId, PrintWriter out, boolean quiet)
      throws InterruptedException {
    Map<String, String> printed = new HashMap<>();
    while (true) {
      boolean running =
          status(workflowId) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
      AutomationExecution e = execution(workflowId);
      if (e != null && !quiet) {
        for (StepExecution s : e.steps()) {
          String line = RunbookView.stepLine(s);
          if (!line.equals(printed.put(s.stepExecutionId(), line)) && !s.redriven()) {
            out.println("  " + line);
          }
        }
        out.flush();
      }
      if (!running) {
        if (e == null) {
          throw CliError.badInput(
              workflowId
                  + " closed, but no worker on task queue "
                  + connection.config().taskQueue()
                  + " answered its execution query");
        }
        return e;
      }
      describer.awaitClose(workflowId, pollInterval);
    }
  }
}
