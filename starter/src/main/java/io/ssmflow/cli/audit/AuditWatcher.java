package io.ssmflow.cli.audit;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.audit.AuditProgress;
import io.ssmflow.workflows.audit.InfrastructureAuditWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;

/** Follows an audit to its end (progress lines while it runs), then reads its result. */
final class AuditWatcher {
  private final TemporalConnection connection;
  private final DeploymentWatcher executions;
  private final Duration pollInterval;

  AuditWatcher(TemporalConnection connection, Duration pollInterval) {
    this.connection = connection;
    this.executions = new DeploymentWatcher(connection, pollInterval);
    this.pollInterval = pollInterval;
  }

  WorkflowExecutionStatus status(String workflowId) {
    return executions.describe(workflowId).getWorkflowExecutionInfo().getStatus();
  }

  /** The progress query's answer, or null while no worker answers it. */
  AuditProgress progress(String workflowId) {
    try {
      return connection
          .client()
          .newWorkflowStub(InfrastructureAuditWorkflow.class, workflowId)
          .progress();
    } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
      return null;
    }
  }

  /**
   * Waits for the end (printing a progress line per change unless {@code quiet} or no progress
   * query exists), then returns the result.
   *
   * @throws CliError exit 1 when the workflow failed, was cancelled or terminated
   */
  <T> T follow(
      String workflowId, Class<T> resultType, PrintWriter out, boolean quiet, boolean hasProgress)
      throws InterruptedException {
    String last = null;
    while (true) {
      WorkflowExecutionStatus status = status(workflowId);
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return result(workflowId, resultType, status);
      }
      if (!quiet && hasProgress) {
        AuditProgress p = progress(workflowId);
        String line =
            p == null
                ? "waiting for a worker on task queue " + connection.config().taskQueue()
                : AuditView.line(p);
        if (!Objects.equals(line, last)) {
          out.println(line);
          out.flush();
          last = line;
        }
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  <T> T result(String workflowId, Class<T> resultType, WorkflowExecutionStatus status) {
    try {
      return connection.client().newUntypedWorkflowStub(workflowId).getResult(resultType);
    } catch (WorkflowException e) {
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
}
