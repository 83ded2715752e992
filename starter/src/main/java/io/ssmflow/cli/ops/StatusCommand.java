package io.ssmflow.cli.ops;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.audit.AuditStatus;
import io.ssmflow.cli.deploy.DeploymentView;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.cli.patch.PatchCommand;
import io.ssmflow.cli.patch.PatchView;
import io.ssmflow.cli.patch.PatchWatcher;
import io.ssmflow.cli.runbook.RunbookStatus;
import io.ssmflow.cli.schedule.WindowStatus;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow status ID [--watch]}: progress of a running deployment, patch run, audit,
 * maintenance window run or runbook run, or its result (dispatched by the workflow type).
 */
@Command(
    name = "status",
    description =
        "Show a deployment's, patch run's, audit's,"
            + " maintenance window's or runbook's progress or result.")
public final class StatusCommand implements Callable<Integer> {
  static final String DEPLOYMENT_TYPE = "DeploymentWorkflow";
  static final String PATCH_TYPE = "PatchWorkflow";

  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "Workflow id.")
  String workflowId;

  @Option(names = "--watch", description = "Refresh until the workflow ends.")
  boolean watch;

  @Option(
      names = "--instance",
      paramLabel = "INSTANCE_ID",
      description =
          "Show the full output"
              + " of the commands this instance ran for the workflow (read from SSM).")
  String instance;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = cli.out();
    if (instance != null) {
      InstanceOutput.checkInstanceId(instance);
      if (watch) {
        throw CliError.badInput("--instance shows the output so far; it does not take --watch");
      }
    }
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(cli.env()))) {
      DeploymentWatcher watcher = new DeploymentWatcher(connection, cli.pollInterval());
      WorkflowExecutionInfo info = watcher.describe(workflowId).getWorkflowExecutionInfo();
      if (instance != null) {
        List<InstanceOutput.Entry> entries = InstanceOutput.read(cli.env(), info, instance);
        print(
            out,
            InstanceOutput.json(workflowId, instance, entries),
            InstanceOutput.text(workflowId, instance, entries));
        return 0;
      }
      WorkflowExecutionStatus status = info.getStatus();
      String statusName = DeploymentWatcher.statusName(status);
      String type = info.getType().getName();
      if (AuditStatus.handles(type)) {
        return AuditStatus.show(
            connection, cli.pollInterval(), workflowId, type, status, watch, common.json(), out);
      }
      if (PATCH_TYPE.equals(type)) {
        PatchWatcher patches = new PatchWatcher(connection, cli.pollInterval());
        return show(
            connection,
            watcher,
            status,
            new Kind<>(
                patches::progress,
                PatchView::status,
                patches::follow,
                patches::result,
                PatchView::result,
                r -> PatchCommand.exitCode(workflowId, r, cli.err())));
      }
      if (RunbookStatus.TYPE.equals(type)) {
        return RunbookStatus.show(
            connection, cli.pollInterval(), workflowId, status, watch, common.json(), out);
      }
      if (WindowStatus.TYPE.equals(type)) {
        return WindowStatus.show(connection, workflowId, status, statusName, out, common.json());
      }
      if (DEPLOYMENT_TYPE.equals(type)) {
        return show(
            connection,
            watcher,
            status,
            new Kind<>(
                watcher::progress,
                DeploymentView::status,
                watcher::follow,
                watcher::result,
                DeploymentView::result,
                r -> r.outcome() == DeploymentOutcome.SUCCEEDED ? 0 : CliError.UNSUCCESSFUL));
      }
      print(
          out,
          Map.of("workflowId", workflowId, "type", type, "status", statusName),
          workflowId + ": " + type + " " + statusName);
      return 0;
    }
  }

  /** How to read and show one kind of workflow (deployment, patch run). */
  private record Kind<P, R>(
      Function<String, P> progress,
      StatusView<P> statusView,
      Follower<R> follower,
      BiFunction<String, WorkflowExecutionStatus, R> result,
      BiFunction<String, R, String> resultView,
      ToIntFunction<R> exitCode) {}

  private interface StatusView<P> {
    String render(String workflowId, String status, P progress);
  }

  private interface Follower<R> {
    R follow(String workflowId, PrintWriter out, boolean tty, boolean quiet)
        throws InterruptedException;
  }

  /** Progress of a running workflow, or (closed, or --watch to the end) its result. */
  private <P, R> int show(
      TemporalConnection connection,
      DeploymentWatcher watcher,
      WorkflowExecutionStatus status,
      Kind<P, R> kind)
      throws InterruptedException {
    PrintWriter out = cli.out();
    String statusName = DeploymentWatcher.statusName(status);
    boolean running = status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    if (running && !watch) {
      P progress = kind.progress().apply(workflowId);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("workflowId", workflowId);
      doc.put("status", statusName);
      doc.put("progress", progress);
      print(
          out,
          doc,
          progress == null
              ? workflowId
                  + ": RUNNING (no worker answered the progress query on task queue "
                  + connection.config().taskQueue()
                  + ")"
              : kind.statusView().render(workflowId, statusName, progress));
      return 0;
    }
    R result =
        running
            ? kind.follower().follow(workflowId, out, cli.tty(common), common.json())
            : kind.result().apply(workflowId, status);
    statusName =
        running
            ? DeploymentWatcher.statusName(
                watcher.describe(workflowId).getWorkflowExecutionInfo().getStatus())
            : statusName;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("workflowId", workflowId);
    doc.put("status", statusName);
    doc.put("result", result);
    print(out, doc, kind.resultView().apply(workflowId, result));
    return kind.exitCode().applyAsInt(result);
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
