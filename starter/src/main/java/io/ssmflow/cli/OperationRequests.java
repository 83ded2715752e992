package io.ssmflow.cli;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * Builds an operation's workflow request from its flags with the operation's own picocli command,
 * validating everything and starting nothing (how {@code ssmflow schedule} turns {@code -- deploy
 * ...} into a window task).
 */
public final class OperationRequests {
  private OperationRequests() {}

  /**
   * @param name the operation, for messages
   * @param command a fresh instance of its command
   * @param flags its flags (without the operation's name)
   * @param waits whether the parsed command asks to --wait (meaningless in a schedule)
   * @param request the command's own request builder
   * @throws IllegalArgumentException with one line when a flag is missing or invalid
   */
  public static <C, R> R parse(
      String name, C command, List<String> flags, Predicate<C> waits, Function<C, R> request) {
    try {
      new CommandLine(command).parseArgs(flags.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
    if (waits.test(command)) {
      throw new IllegalArgumentException(
          name + ": --wait has no meaning in a schedule (follow a" + " run with `ssmflow status`)");
    }
    try {
      return request.apply(command);
    } catch (CliError e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }
}
