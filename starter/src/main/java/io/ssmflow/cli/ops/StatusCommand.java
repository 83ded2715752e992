package io.ssmflow.cli.ops;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentView;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.cli.patch.PatchCommand;
import io.ssmflow.cli.patch.PatchView;
import io.ssmflow.cli.patch.PatchWatcher;
import io.ssmflow.cli.schedule.WindowStatus;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentProgress;
import io.ssmflow.workflows.deploy.DeploymentResult;
import io.ssmflow.workflows.patch.PatchProgress;
import io.ssmflow.workflows.patch.PatchResult;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow status ID [--watch]}: progress of a running deployment or patch run, or its
 * result (dispatched by the workflow type).
 */
@Command(name = "status", description = "Show a deployment's or patch run's progress or result.")
public final class StatusCommand implements Callable<Integer> {
  static final String DEPLOYMENT_TYPE = "DeploymentWorkflow";
  static final String PATCH_TYPE = "PatchWorkflow";

  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;
  @Parameters(index = "0", paramLabel = "ID", description = "Workflow id.") String workflowId;
  @Option(names = "--watch", description = "Refresh until the workflow ends.") boolean watch;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = cli.out();
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(cli.env()))) {
      DeploymentWatcher watcher = new DeploymentWatcher(connection, cli.pollInterval());
      WorkflowExecutionInfo info = watcher.describe(workflowId).getWorkflowExecutionInfo();
      WorkflowExecutionStatus status = info.getStatus();
      String statusName = DeploymentWatcher.statusName(status);
      if (PATCH_TYPE.equals(info.getType().getName())) {
        return patchStatus(connection, status);
      }
      if (WindowStatus.TYPE.equals(info.getType().getName())) {
        return WindowStatus.show(connection, workflowId, status, statusName, out, common.json());
      }
      if (!DEPLOYMENT_TYPE.equals(info.getType().getName())) {
        print(out, Map.of("workflowId", workflowId, "type", info.getType().getName(),
            "status", statusName), workflowId + ": " + info.getType().getName() + " "
            + statusName);
        return 0;
      }
      boolean running = status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
      if (running && !watch) {
        DeploymentProgress progress = watcher.progress(workflowId);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("workflowId", workflowId);
        doc.put("status", statusName);
        doc.put("progress", progress);
        print(out, doc, progress == null
            ? workflowId + ": RUNNING (no worker answered the progress query on task queue "
                + connection.config().taskQueue() + ")"
            : DeploymentView.status(workflowId, statusName, progress));
        return 0;
      }
      DeploymentResult result = running
          ? watcher.follow(workflowId, out, cli.tty(common), common.json())
          : watcher.result(workflowId, status);
      statusName = running ? DeploymentWatcher.statusName(
          watcher.describe(workflowId).getWorkflowExecutionInfo().getStatus()) : statusName;
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("workflowId", workflowId);
      doc.put("status", statusName);
      doc.put("result", result);
      print(out, doc, DeploymentView.result(workflowId, result));
      return result.outcome() == DeploymentOutcome.SUCCEEDED ? 0 : CliError.UNSUCCESSFUL;
    }
  }

  /** The same for a patch run ({@code patch-...} ids). */
  private int patchStatus(TemporalConnection connection, WorkflowExecutionStatus status)
      throws InterruptedException {
    PrintWriter out = cli.out();
    PatchWatcher watcher = new PatchWatcher(connection, cli.pollInterval());
    String statusName = DeploymentWatcher.statusName(status);
    boolean running = status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    if (running && !watch) {
      PatchProgress progress = watcher.progress(workflowId);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("workflowId", workflowId);
      doc.put("status", statusName);
      doc.put("progress", progress);
      print(out, doc, progress == null
          ? workflowId + ": RUNNING (no worker answered the progress query on task queue "
              + connection.config().taskQueue() + ")"
          : PatchView.status(workflowId, statusName, progress));
      return 0;
    }
    PatchResult result = running
        ? watcher.follow(workflowId, out, cli.tty(common), common.json())
        : watcher.result(workflowId, status);
    statusName = running ? DeploymentWatcher.statusName(new DeploymentWatcher(connection,
        cli.pollInterval()).describe(workflowId).getWorkflowExecutionInfo().getStatus())
        : statusName;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("workflowId", workflowId);
    doc.put("status", statusName);
    doc.put("result", result);
    print(out, doc, PatchView.result(workflowId, result));
    return PatchCommand.exitCode(workflowId, result, cli.err());
  }

  private void print(PrintWriter out, Object json, String text) {
    if (common.json()) {
      out.println(Json.write(json));
    } else {
      out.print(text.endsWith("\n") ? text : text + "\n");
    }
    out.flush();
  }
}
