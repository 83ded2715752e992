package io.ssmflow.cli.ops;

import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.workflows.deploy.DeploymentWorkflow;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow approve ID [--reason R]}. */
@Command(
    name = "approve",
    description =
        "Approve a deployment waiting at its gate, or a parameter" + " audit's remediation.")
public final class ApproveCommand implements Callable<Integer> {
  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "Workflow id.")
  String workflowId;

  @Option(names = "--reason", description = "Why (kept in history).")
  String reason;

  @Override
  public Integer call() {
    return Decision.send(cli, common, workflowId, reason, "approve", DeploymentWorkflow::approve);
  }
}
