package io.ssmflow.cli.patch;

import static java.util.Objects.requireNonNull;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.patch.PatchProgress;
import io.ssmflow.workflows.patch.PatchResult;
import io.ssmflow.workflows.patch.PatchWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Reads a patch run's state: the {@code progress} query while it runs, the result when it is
 * closed; and follows it to the end with a progress display (the loop of {@link
 * DeploymentWatcher}).
 */
public final class PatchWatcher {
  private final TemporalConnection connection;
  private final DeploymentWatcher executions;

  public PatchWatcher(TemporalConnection connection, Duration pollInterval) {
    this.connection = requireNonNull(connection, "connection is null");
    this.executions = new DeploymentWatcher(connection, pollInterval);
  }

  /** The progress query's answer, or null while no worker answers it. */
  public PatchProgress progress(String workflowId) {
    try {
      return connection.client().newWorkflowStub(PatchWorkflow.class, workflowId).progress();
    } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
      return null;
    }
  }

  /**
   * The result of a closed patch run.
   *
   * @throws CliError (exit 1) when the execution failed, timed out or was terminated
   */
  public PatchResult result(String workflowId, WorkflowExecutionStatus status) {
    WorkflowStub stub = connection.client().newUntypedWorkflowStub(workflowId);
    try {
      return stub.getResult(PatchResult.class);
    } catch (WorkflowException e) {
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED) {
        try {
          PatchResult kept = stub.query("result", PatchResult.class);
          if (kept != null) {
            return kept;
          }
        } catch (RuntimeException ignored) {
          // no worker answered: report the cancel as before
        }
      }
      throw new CliError(
          CliError.UNSUCCESSFUL,
          workflowId
              + " ended "
              + DeploymentWatcher.statusName(status)
              + ": "
              + Errors.rootMessage(e),
          e);
    }
  }

  /**
   * Polls until the execution closes, showing progress on {@code out} (a bar redrawn in place on a
   * terminal; a line per change otherwise; nothing when {@code quiet}), then returns the result.
   */
  public PatchResult follow(String workflowId, PrintWriter out, boolean tty, boolean quiet)
      throws InterruptedException {
    return executions.follow(
        workflowId, out, tty, quiet, this::progress, PatchView::bar, PatchView::line, this::result);
  }
}
