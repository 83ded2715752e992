package io.ssmflow.cli;

import picocli.CommandLine.Option;

/**
 * {@code --namespace} and {@code --task-queue}: where workflows run. Taken by the commands that
 * start, find or host workflows, including {@code dev}, whose embedded worker polls the queue.
 */
public final class QueueOptions {
  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Temporal namespace (default: $TEMPORAL_NAMESPACE or default).")
  String namespace;

  @Option(
      names = "--task-queue",
      paramLabel = "QUEUE",
      description = "Task queue (default: $SSMFLOW_TASK_QUEUE or ssmflow).")
  String taskQueue;
}
