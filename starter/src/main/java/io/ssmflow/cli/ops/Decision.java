package io.ssmflow.cli.ops;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.deploy.Approval;
import io.ssmflow.workflows.deploy.DeploymentWorkflow;
import io.ssmflow.workflows.params.ParamsIds;
import io.ssmflow.workflows.runbook.RunbookIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Sends approve or reject to a deployment's gate (or a runbook's aws:approve step, a parameter
 * audit's remediation) as an update, approver = the OS user.
 */
public final class Decision {
  private Decision() {}

  /** Sends {@code verb} (approve, reject, resume) as an untyped update taking an Approval. */
  public static int send(
      SsmflowCli cli, CommonOptions common, String workflowId, String reason, String verb) {
    return send(cli, common, workflowId, reason, verb, null);
  }

  static int send(
      SsmflowCli cli,
      CommonOptions common,
      String workflowId,
      String reason,
      String verb,
      BiFunction<DeploymentWorkflow, Approval, String> update) {
    String approver = System.getProperty("user.name", "unknown");
    Approval approval = new Approval(approver, reason == null ? "" : reason);
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(cli.env()))) {
      DeploymentWatcher watcher = new DeploymentWatcher(connection, cli.pollInterval());
      WorkflowExecutionStatus status =
          watcher.describe(workflowId).getWorkflowExecutionInfo().getStatus();
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw CliError.badInput(
            workflowId + " is not running (" + DeploymentWatcher.statusName(status) + ")");
      }
      String answer;
      try {
        // Every gated workflow names its updates approve/reject with an Approval argument.
        boolean untyped =
            update == null
                || workflowId.startsWith(ParamsIds.AUDIT_PREFIX)
                || workflowId.startsWith(RunbookIds.PREFIX);
        answer =
            untyped
                ? connection
                    .client()
                    .newUntypedWorkflowStub(workflowId)
                    .update(verb, String.class, approval)
                : update.apply(
                    connection.client().newWorkflowStub(DeploymentWorkflow.class, workflowId),
                    approval);
      } catch (WorkflowException e) {
        throw CliError.badInput("cannot " + verb + " " + workflowId + ": " + Errors.rootMessage(e));
      }
      if (common.json()) {
        cli.out()
            .println(
                Json.write(
                    Map.of(
                        "workflowId",
                        workflowId,
                        "decision",
                        verb,
                        "approver",
                        approver,
                        "answer",
                        answer == null ? "" : answer)));
      } else {
        cli.out().println(answer == null || answer.isBlank() ? verb + "d " + workflowId : answer);
      }
      return 0;
    }
  }
}
