package io.ssmflow.cli.audit;

import io.ssmflow.cli.Json;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.audit.AuditProgress;
import io.ssmflow.workflows.audit.AuditResult;
import io.ssmflow.workflows.audit.SessionAuditResult;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ssmflow status ID} for audit workflows: progress while running, else the result. */
public final class AuditStatus {
  static final String FLEET_TYPE = "InfrastructureAuditWorkflow";
  static final String SESSIONS_TYPE = "SessionAuditWorkflow";

  private AuditStatus() {}

  /** Whether the workflow type is an audit's. */
  public static boolean handles(String workflowType) {
    return FLEET_TYPE.equals(workflowType) || SESSIONS_TYPE.equals(workflowType);
  }

  /**
   * Prints the audit's progress or result; answers the exit code (0, or a CliError with exit 1 when
   * it ended unsuccessfully).
   */
  public static int show(
      TemporalConnection connection,
      Duration pollInterval,
      String workflowId,
      String workflowType,
      WorkflowExecutionStatus status,
      boolean watch,
      boolean json,
      PrintWriter out)
      throws InterruptedException {
    AuditWatcher watcher = new AuditWatcher(connection, pollInterval);
    boolean fleet = FLEET_TYPE.equals(workflowType);
    boolean running = status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("workflowId", workflowId);
    doc.put("type", workflowType);
    if (running && !watch) {
      AuditProgress progress = fleet ? watcher.progress(workflowId) : null;
      doc.put("status", "RUNNING");
      doc.put("progress", progress);
      print(
          out,
          json,
          doc,
          workflowId + ": RUNNING" + (progress == null ? "" : " — " + AuditView.line(progress)));
      return 0;
    }
    Class<?> type = fleet ? AuditResult.class : SessionAuditResult.class;
    Object result =
        running
            ? watcher.follow(workflowId, type, out, json, fleet)
            : watcher.result(workflowId, type, status);
    doc.put("status", DeploymentWatcher.statusName(watcher.status(workflowId)));
    doc.put("result", result);
    print(
        out,
        json,
        doc,
        fleet
            ? AuditView.result(workflowId, (AuditResult) result)
            : AuditView.sessions(workflowId, (SessionAuditResult) result));
    return 0;
  }

  private static void print(PrintWriter out, boolean json, Object doc, String text) {
    out.print(json ? Json.write(doc) + "\n" : text.endsWith("\n") ? text : text + "\n");
    out.flush();
  }
}
