package io.ssmflow.workflows.runbook;

import java.util.List;

/**
 * How an aws:runCommand step ended, with its outputs.
 *
 * @param status the step's status: Success, Failed or TimedOut
 * @param message why it did not succeed, or a summary
 * @param commandId the first command sent (CommandId)
 * @param commandStatus the command's status as SSM words it (Status), e.g. Success, Failed
 * @param responseCode the first instance's exit code (ResponseCode), -1 when none
 * @param output the start of the first instance's output (Output)
 * @param targets how many instances were eligible
 * @param succeeded how many succeeded
 * @param errors how many failed or timed out (MaxErrors counts these)
 * @param instances the instances that did not succeed (at most 50) and skipped ones
 */
public record RunCommandOutcome(
    String status,
    String message,
    String commandId,
    String commandStatus,
    int responseCode,
    String output,
    int targets,
    int succeeded,
    int errors,
    List<InstanceOutcome> instances) {
  public RunCommandOutcome {
    instances = instances == null ? List.of() : List.copyOf(instances);
  }
}
