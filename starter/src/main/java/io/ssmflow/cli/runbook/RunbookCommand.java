package io.ssmflow.cli.runbook;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.SsmflowCli;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow runbook run | validate | redrive | resume}. */
@Command(name = "runbook", description = "SSM Automation documents and orchestrations, run"
    + " durably.", subcommands = {RunbookRunCommand.class, ValidateCommand.class,
        RedriveCommand.class, ResumeCommand.class})
public final class RunbookCommand implements Callable<Integer> {
  @ParentCommand SsmflowCli cli;

  @Override
  public Integer call() {
    cli.out().println(new CommandLine(this).getUsageMessage());
    return CliError.BAD_INPUT;
  }

  SsmflowCli cli() {
    return cli;
  }
}
