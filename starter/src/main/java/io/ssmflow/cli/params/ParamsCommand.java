package io.ssmflow.cli.params;

import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.SsmflowCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ssmflow params push | audit | history | rollback}. */
@Command(
    name = "params",
    description = "Parameter Store: push config, audit, history, rollback.",
    subcommands = {
      PushCommand.class,
      ParameterAuditCommand.class,
      HistoryCommand.class,
      RollbackCommand.class
    })
public final class ParamsCommand implements Callable<Integer> {
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
