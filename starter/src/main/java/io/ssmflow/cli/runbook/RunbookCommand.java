package io.ssmflow.cli.runbook;

import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.SsmflowCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ssmflow runbook run | validate | redrive | resume}. */
@Command(
    name = "runbook",
    description = "SSM Automation documents and orchestrations, run" + " durably.",
    subcommands = {
      RunbookRunCommand.class,
      ValidateCommand.class,
      RedriveCommand.class,
      ResumeCommand.class
    })
public final class RunbookCommand implements Callable<Integer> {
  @ParentCommand SsmflowCli cli;
  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help.")
  boolean help;

  @Override
  public Integer call() {
    cli.out().print(spec.commandLine().getUsageMessage());
    return CliError.BAD_INPUT;
  }

  SsmflowCli cli() {
    return cli;
  }

  /** What the subcommands need from the process: environment, output, poll interval. */
  CliContext context() {
    return cli.context();
  }
}
