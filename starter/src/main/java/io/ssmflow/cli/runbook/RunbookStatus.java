package io.ssmflow.cli.runbook;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.workflows.runbook.AutomationExecution;
import io.ssmflow.workflows.runbook.AutomationStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code ssmflow status ID} of a runbook run: the step table, or with {@code --output json} the
 * shape of get-automation-execution; {@code --watch} follows it to the end.
 */
public final class RunbookStatus {
  public static final String TYPE = "RunbookWorkflow";

  private RunbookStatus() {}

  /** Prints the run; answers the exit code (1 when it ended without success). */
  public static int show(
      TemporalConnection connection,
      Duration pollInterval,
      String workflowId,
      WorkflowExecutionStatus status,
      boolean watch,
      boolean json,
      PrintWriter out)
      throws InterruptedException {
    RunbookWatcher watcher = new RunbookWatcher(connection, pollInterval);
    boolean running = status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    AutomationExecution e =
        running && watch ? watcher.follow(workflowId, out, json) : watcher.execution(workflowId);
    if (e == null) {
      throw CliError.badInput(
          workflowId
              + ": no worker on task queue "
              + connection.config().taskQueue()
              + " answered the execution query");
    }
    if (json) {
      out.println(Json.write(AutomationJson.of(e)));
    } else {
      out.print(RunbookView.status(e));
    }
    out.flush();
    boolean ended = e.status().terminal();
    return !ended || e.status() == AutomationStatus.SUCCESS ? 0 : CliError.UNSUCCESSFUL;
  }
}
