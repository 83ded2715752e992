package io.ssmflow.cli;

/**
 * A command whose logic runs in a {@link CliContext}, so that another command (the demo) can call
 * it with {@link SsmflowCli#runCommand} instead of going through the root command line.
 */
public interface CliCommand {
  /** Runs the command with its parsed options; answers the exit code. */
  int run(CliContext context) throws Exception;
}
