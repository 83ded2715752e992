package io.ssmflow.cli.ops;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow cancel ID}: requests cancellation; a deployment stops launching and cleans up per
 * its failure policy, a patch run restores the instances it started from their snapshots.
 */
@Command(name = "cancel", description = "Cancel a running workflow.")
public final class CancelCommand implements Callable<Integer> {
  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "Workflow id.")
  String workflowId;

  @Override
  public Integer call() {
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(cli.env()))) {
      DeploymentWatcher watcher = new DeploymentWatcher(connection, cli.pollInterval());
      WorkflowExecutionStatus status =
          watcher.describe(workflowId).getWorkflowExecutionInfo().getStatus();
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw CliError.badInput(
            workflowId + " is not running (" + DeploymentWatcher.statusName(status) + ")");
      }
      connection.client().newUntypedWorkflowStub(workflowId).cancel();
      if (common.json()) {
        cli.out().println(Json.write(Map.of("workflowId", workflowId, "cancelRequested", true)));
      } else {
        cli.out()
            .println(
                "cancel requested for "
                    + workflowId
                    + ": it stops launching and"
                    + " cleans up (a deployment per its failure policy, a patch run restores the"
                    + " instances it started from their snapshots, a runbook runs its step's onCancel or"
                    + " an orchestration's rollbacks; follow with `ssmflow status "
                    + workflowId
                    + " --watch`)");
      }
      return 0;
    }
  }
}
