package io.ssmflow.workflows.command;

import java.util.List;

/**
 * One SSM SendCommand of AWS-RunPatchBaseline to at most 50 instances.
 *
 * @param idempotencyKey as in {@link SendCommandRequest}
 * @param label a short human label for the Comment
 * @param instanceIds 1 to 50 instance ids
 * @param operation Scan or Install
 * @param rebootOption RebootIfNeeded or NoReboot
 * @param snapshotId the baseline snapshot id shared by the whole run (may be null)
 * @param executionTimeoutSeconds upper bound for the run
 */
public record PatchBaselineRequest(
    String idempotencyKey,
    String label,
    List<String> instanceIds,
    String operation,
    String rebootOption,
    String snapshotId,
    int executionTimeoutSeconds) {

  public PatchBaselineRequest {
    instanceIds = List.copyOf(instanceIds);
    if (instanceIds.isEmpty() || instanceIds.size() > SendCommandRequest.MAX_INSTANCES) {
      throw new IllegalArgumentException(
          "a command targets 1 to 50 instances, not " + instanceIds.size());
    }
  }
}
