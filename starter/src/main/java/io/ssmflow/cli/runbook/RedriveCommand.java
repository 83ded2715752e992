package io.ssmflow.cli.runbook;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.WorkflowRuns;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.Redrive;
import io.ssmflow.workflows.runbook.RunbookRequest;
import io.ssmflow.workflows.runbook.RunbookWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow runbook redrive ID}: starts a run that failed, timed out or was cancelled again
 * from the step where it stopped, with the earlier steps' outputs, under the same execution id (an
 * orchestration runs again every step that did not succeed or was rolled back).
 */
@Command(name = "redrive", description = "Run a failed runbook again from its failed step.")
public final class RedriveCommand implements Callable<Integer> {
  @ParentCommand RunbookCommand parent;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "The run's workflow id.")
  String workflowId;

  @Option(names = "--wait", description = "Follow the run to its end.")
  boolean await;

  @Override
  public Integer call() throws Exception {
    SsmflowCli cli = parent.cli();
    PrintWriter out = cli.out();
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(cli.env()))) {
      RunbookWatcher watcher = new RunbookWatcher(connection, cli.pollInterval());
      WorkflowExecutionStatus status = watcher.status(workflowId);
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw CliError.badInput(workflowId + " is still running; redrive a run that ended");
      }
      RunbookWorkflow old = connection.client().newWorkflowStub(RunbookWorkflow.class, workflowId);
      Redrive state;
      RunbookRequest request;
      try {
        state = old.redrive();
        request = old.request();
      } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
        throw CliError.badInput(
            "cannot read "
                + workflowId
                + " (is it a runbook run, and is a"
                + " worker running?): "
                + Errors.rootMessage(e));
      }
      if (request == null) {
        throw CliError.badInput(workflowId + " is not a runbook run");
      }
      if (state == null) {
        throw CliError.badInput(
            workflowId
                + " ended "
                + AutomationStatus.SUCCESS.awsName()
                + " ("
                + DeploymentWatcher.statusName(status)
                + "): nothing to redrive");
      }
      RunbookRequest again = request.redriven(state);
      RunbookWorkflow wf =
          connection
              .client()
              .newWorkflowStub(
                  RunbookWorkflow.class,
                  RunbookRunCommand.options(connection.config().taskQueue(), workflowId, again));
      if (!common.json()) {
        out.println(
            "redriving "
                + workflowId
                + " from step "
                + state.fromStep()
                + " (redrive "
                + state.count()
                + ")");
      }
      return WorkflowRuns.startAndReport(
          out,
          common.json(),
          workflowId,
          WorkflowRuns.ALREADY_RUNNING,
          () -> WorkflowClient.start(wf::run, again),
          await,
          () -> new AwsShaped(watcher.follow(workflowId, out, common.json())),
          r -> RunbookView.result(r.execution()),
          r -> r.execution().status() == AutomationStatus.SUCCESS ? 0 : CliError.UNSUCCESSFUL);
    }
  }
}
