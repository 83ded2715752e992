package io.ssmflow.cli.ops;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.cli.runbook.RunbookStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow pause ID} / {@code ssmflow resume ID}: the pause and resume signals of the
 * workflows that have them (a deployment stops launching new instances; in-flight ones finish),
 * sent by workflow id. Any other workflow, or one that is not running, is refused in one line.
 */
public final class PauseResumeCommands {
  /** The workflow types with {@code pause} and {@code resume} signals. */
  static final Set<String> PAUSABLE = Set.of(StatusCommand.DEPLOYMENT_TYPE);

  private PauseResumeCommands() {}

  /** The shared part: ID, the checks, the signal, one line (or JSON) of confirmation. */
  abstract static class Signal implements Callable<Integer> {
    @ParentCommand SsmflowCli cli;
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "ID", description = "Workflow id (a deployment).")
    String workflowId;

    Integer send(String signal, String done) {
      try (TemporalConnection connection = TemporalConnection.open(common.temporal(cli.env()))) {
        DeploymentWatcher watcher = new DeploymentWatcher(connection, cli.pollInterval());
        WorkflowExecutionInfo info = watcher.describe(workflowId).getWorkflowExecutionInfo();
        String type = info.getType().getName();
        if (RunbookStatus.TYPE.equals(type) && signal.equals("resume")) {
          // A runbook is resumed at its aws:pause step (SSM's Resume signal), an update.
          return Decision.send(cli, common, workflowId, null, "resume");
        }
        if (!PAUSABLE.contains(type)) {
          throw CliError.badInput(
              workflowId
                  + " is a "
                  + type
                  + ", which cannot be paused or"
                  + " resumed (only deployments can; stop it with `ssmflow cancel "
                  + workflowId
                  + "`)");
        }
        if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          throw CliError.badInput(
              workflowId
                  + " is not running ("
                  + DeploymentWatcher.statusName(info.getStatus())
                  + ")");
        }
        connection.client().newUntypedWorkflowStub(workflowId).signal(signal);
      }
      if (common.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("workflowId", workflowId);
        doc.put("signal", signal);
        cli.out().println(Json.write(doc));
      } else {
        cli.out().println(signal + " sent to " + workflowId + ": " + done);
      }
      return 0;
    }
  }

  @Command(
      name = "pause",
      description =
          "Pause a running deployment: no new instance starts;" + " those in flight finish.")
  public static final class Pause extends Signal {
    @Override
    public Integer call() {
      return send(
          "pause",
          "no new instance starts until `ssmflow resume "
              + workflowId
              + "`; instances in flight finish");
    }
  }

  @Command(
      name = "resume",
      description = "Resume a paused deployment, or a runbook waiting at" + " an aws:pause step.")
  public static final class Resume extends Signal {
    @Override
    public Integer call() {
      return send(
          "resume",
          "instances start again (follow with `ssmflow status " + workflowId + " --watch`)");
    }
  }
}
