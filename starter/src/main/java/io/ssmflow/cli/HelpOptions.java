package io.ssmflow.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} and {@code --verbose}: the options every command takes. */
public final class HelpOptions {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help.")
  boolean help;

  @Option(names = "--verbose", description = "Show stack traces and more logging.")
  boolean verbose;

  public boolean verbose() {
    return verbose;
  }
}
