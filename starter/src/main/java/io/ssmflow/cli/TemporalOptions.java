package io.ssmflow.cli;

import io.ssmflow.worker.WorkerConfig;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --address}, {@code --namespace}, {@code --task-queue}: the Temporal connection of the
 * client commands and of {@code worker}. The environment comes first (TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, SSMFLOW_TASK_QUEUE); these flags override it.
 */
public final class TemporalOptions {
  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend (default: $TEMPORAL_ADDRESS or 127.0.0.1:7233).")
  String address;

  @Mixin QueueOptions queue = new QueueOptions();

  /** The environment's settings with these flags applied. */
  public WorkerConfig temporal(Map<String, String> env) {
    return config(env, address, queue);
  }

  /** The environment's settings with the queue flags applied (no --address: dev, demo). */
  public static WorkerConfig temporal(Map<String, String> env, QueueOptions queue) {
    return config(env, null, queue);
  }

  private static WorkerConfig config(Map<String, String> env, String address, QueueOptions queue) {
    try {
      return WorkerConfig.fromEnvironment(env)
          .withTemporalAddress(address)
          .withNamespace(queue == null ? null : queue.namespace)
          .withTaskQueue(queue == null ? null : queue.taskQueue);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }
}
