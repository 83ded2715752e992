package io.ssmflow.cli.params;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.SsmflowCli;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow params push | audit | history | rollback}. */
@Command(name = "params", description = "Parameter Store: push config, audit, history, rollback.",
    subcommands = {PushCommand.class, AuditCommand.class, HistoryCommand.class,
        RollbackCommand.class})
public final class ParamsCommand implements Callable<Integer> {
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
