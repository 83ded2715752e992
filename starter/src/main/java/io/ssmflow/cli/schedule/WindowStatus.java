package io.ssmflow.cli.schedule;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.workflows.window.MaintenanceWindowResult;
import io.ssmflow.workflows.window.MaintenanceWindowWorkflow;
import io.ssmflow.workflows.window.WindowTaskResult;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ssmflow status window-...}: a maintenance window run's tasks or its result. */
public final class WindowStatus {
  public static final String TYPE = "MaintenanceWindowWorkflow";

  private WindowStatus() {}

  /** Prints the run; answers the exit code (1 when it ended unsuccessfully). */
  public static int show(
      TemporalConnection connection,
      String workflowId,
      WorkflowExecutionStatus status,
      String statusName,
      PrintWriter out,
      boolean json) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("workflowId", workflowId);
    doc.put("status", statusName);
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      List<WindowTaskResult> tasks;
      try {
        tasks =
            connection
                .client()
                .newWorkflowStub(MaintenanceWindowWorkflow.class, workflowId)
                .tasks();
      } catch (RuntimeException e) {
        throw CliError.badInput(
            workflowId
                + ": RUNNING, but no worker answered the tasks query"
                + " on task queue "
                + connection.config().taskQueue()
                + " ("
                + Errors.rootMessage(e)
                + ")");
      }
      doc.put("tasks", tasks);
      out.print(
          json ? Json.write(doc) + "\n" : workflowId + ": " + statusName + "\n" + tasks(tasks));
      return 0;
    }
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      out.println(json ? Json.write(doc) : workflowId + ": " + statusName);
      return CliError.UNSUCCESSFUL;
    }
    MaintenanceWindowResult result =
        connection
            .client()
            .newUntypedWorkflowStub(workflowId)
            .getResult(MaintenanceWindowResult.class);
    doc.put("result", result);
    out.print(json ? Json.write(doc) + "\n" : text(workflowId, result));
    return result.outcome().isSuccess() ? 0 : CliError.UNSUCCESSFUL;
  }

  static String text(String workflowId, MaintenanceWindowResult r) {
    return workflowId
        + ": "
        + r.outcome()
        + ": "
        + r.message()
        + "\n"
        + "  window "
        + Instant.ofEpochMilli(r.windowStartMillis())
        + " to "
        + Instant.ofEpochMilli(r.endMillis())
        + ", cutoff "
        + Instant.ofEpochMilli(r.cutoffMillis())
        + "\n"
        + tasks(r.tasks());
  }

  static String tasks(List<WindowTaskResult> tasks) {
    StringBuilder b = new StringBuilder();
    for (WindowTaskResult t : tasks) {
      b.append(
          String.format(
              "  %-16s priority %-3d %-14s %s%n",
              t.name(),
              t.priority(),
              t.status(),
              (t.workflowId() == null ? "" : t.workflowId() + "  ")
                  + (t.message() == null ? "" : t.message())));
    }
    return b.toString();
  }
}
