package io.ssmflow.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}: the commands that print a result or a summary. */
public final class OutputOption {
  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "Output format: text (default) or json.")
  OutputFormat output = OutputFormat.text;

  public OutputFormat output() {
    return output;
  }

  public boolean json() {
    return output == OutputFormat.json;
  }
}
