package io.ssmflow.workflows.command;

/**
 * How one instance's invocation of a command ended.
 *
 * @param commandId the command
 * @param instanceId the instance
 * @param status the final status
 * @param responseCode the exit code (-1 when the command did not run to an exit)
 * @param statusDetails SSM's status details (e.g. ExecutionTimedOut, DeliveryTimedOut)
 * @param outputTail the last few hundred characters of stdout and stderr, for reports (never the
 *     full output: payloads stay small)
 */
public record InvocationOutcome(
    String commandId,
    String instanceId,
    InvocationStatus status,
    int responseCode,
    String statusDetails,
    String outputTail) {

  /** The most output an outcome carries into workflow history. */
  public static final int MAX_OUTPUT_TAIL = 600;
}
