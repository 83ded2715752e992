package io.ssmflow.workflows.command;

import java.util.List;

/**
 * One SSM SendCommand of AWS-RunShellScript to at most 50 instances.
 *
 * @param idempotencyKey unique per workflow, step and batch (e.g. {@code <workflowId>/s3/b12}); the
 *     activity tags the command with it (in {@code Comment}) and, on retry, finds the command it
 *     already sent instead of sending a second one
 * @param label a short human label for the Comment (e.g. {@code deploy shop 2.0.0 start}), may be
 *     truncated
 * @param instanceIds 1 to 50 instance ids
 * @param commands the shell lines (already rendered and validated)
 * @param executionTimeoutSeconds the document's executionTimeout
 * @param deliveryTimeoutSeconds SendCommand's TimeoutSeconds (delivery), at least 30
 */
public record SendCommandRequest(
    String idempotencyKey,
    String label,
    List<String> instanceIds,
    List<String> commands,
    int executionTimeoutSeconds,
    int deliveryTimeoutSeconds) {

  public static final int MAX_INSTANCES = 50;

  public SendCommandRequest {
    instanceIds = List.copyOf(instanceIds);
    commands = List.copyOf(commands);
    if (instanceIds.isEmpty() || instanceIds.size() > MAX_INSTANCES) {
      throw new IllegalArgumentException(
          "a command targets 1 to 50 instances, not " + instanceIds.size());
    }
  }
}
