package io.ssmflow.cli;

import io.ssmflow.worker.WorkerConfig;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * The options of every client command (those that talk to Temporal and print a result): help and
 * --verbose, --output, and the Temporal connection. Service commands (dev, demo, worker,
 * codec-server) take only the parts that mean something to them.
 */
public final class CommonOptions {
  @Mixin HelpOptions help = new HelpOptions();
  @Mixin OutputOption output = new OutputOption();
  @Mixin TemporalOptions connection = new TemporalOptions();

  public OutputFormat output() {
    return output.output();
  }

  public boolean json() {
    return output.json();
  }

  public boolean verbose() {
    return help.verbose();
  }

  /** The environment's settings with this command's flags applied. */
  public WorkerConfig temporal(Map<String, String> env) {
    return connection.temporal(env);
  }
}
