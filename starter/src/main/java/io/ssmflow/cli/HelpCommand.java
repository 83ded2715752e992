package io.ssmflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ssmflow help [COMMAND [SUBCOMMAND]]}: the same help as {@code --help}, for nested commands
 * too ({@code help params push}); an unknown name is bad input with a suggestion.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the help of a command, e.g. `ssmflow help params push`.")
final class HelpCommand implements Callable<Integer> {
  @ParentCommand SsmflowCli cli;
  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help.")
  boolean help;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command (and" + " subcommand) to explain.")
  List<String> names = new ArrayList<>();

  @Override
  public Integer call() {
    CommandLine target = spec.parent().commandLine();
    for (String name : names) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        throw UnknownCommands.unknown(target, name);
      }
      target = next;
    }
    cli.out().print(target.getUsageMessage());
    return 0;
  }
}
