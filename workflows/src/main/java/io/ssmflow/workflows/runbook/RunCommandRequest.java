package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.fleet.TargetSpec;
import java.util.List;

/**
 * An aws:runCommand step, rendered: what to run and where, under which rate control.
 *
 * @param stepName the step (the command's comment and the slices' prefix)
 * @param label a human label for command comments, e.g. {@code runbook restart-nginx}
 * @param patch AWS-RunPatchBaseline (true) or AWS-RunShellScript (false)
 * @param commands the shell lines (AWS-RunShellScript)
 * @param executionTimeoutSeconds the command's executionTimeout
 * @param deliveryTimeoutSeconds SendCommand's TimeoutSeconds
 * @param patchOperation Scan or Install (patch)
 * @param rebootOption RebootIfNeeded or NoReboot (patch), or null
 * @param snapshotId the patch baseline snapshot GUID (patch), or null
 * @param targets the instances: the union of these target specs (ids, or tags that all match)
 * @param maxConcurrency MaxConcurrency, e.g. 50 or 10%
 * @param maxErrors MaxErrors, e.g. 0 or 10%
 * @param launchCutoffMillis no instance starts after this time (the step's timeout); 0: none
 * @param outputChars at most this much of the first instance's output is kept
 */
public record RunCommandRequest(
    String stepName,
    String label,
    boolean patch,
    List<String> commands,
    int executionTimeoutSeconds,
    int deliveryTimeoutSeconds,
    String patchOperation,
    String rebootOption,
    String snapshotId,
    List<TargetSpec> targets,
    String maxConcurrency,
    String maxErrors,
    long launchCutoffMillis,
    int outputChars) {
  public RunCommandRequest {
    commands = commands == null ? List.of() : List.copyOf(commands);
    targets = targets == null ? List.of() : List.copyOf(targets);
  }
}
