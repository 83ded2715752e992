package io.ssmflow.cli;

import io.ssmflow.worker.WorkerConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every command takes. Connection settings come from the environment first
 * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, SSMFLOW_TASK_QUEUE); these flags override them.
 */
public final class CommonOptions {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "Output format: text (default) or json.")
  OutputFormat output = OutputFormat.text;

  @Option(names = "--verbose", description = "Show stack traces and more logging.")
  boolean verbose;

  @Option(names = "--address", paramLabel = "HOST:PORT",
      description = "Temporal frontend (default: $TEMPORAL_ADDRESS or 127.0.0.1:7233).")
  String address;

  @Option(names = "--namespace", paramLabel = "NS",
      description = "Temporal namespace (default: $TEMPORAL_NAMESPACE or default).")
  String namespace;

  @Option(names = "--task-queue", paramLabel = "QUEUE",
      description = "Task queue (default: $SSMFLOW_TASK_QUEUE or ssmflow).")
  String taskQueue;

  public OutputFormat output() {
    return output;
  }

  public boolean json() {
    return output == OutputFormat.json;
  }

  public boolean verbose() {
    return verbose;
  }

  /** The environment's settings with this command's flags applied. */
  public WorkerConfig temporal(Map<String, String> env) {
    try {
      return WorkerConfig.fromEnvironment(env).withTemporalAddress(address)
          .withNamespace(namespace).withTaskQueue(taskQueue);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }
}
