package io.ssmflow.workflows.runbook;

import java.util.List;
import java.util.Map;

/**
 * One step's run, in the shape of SSM's StepExecution (get-automation-execution).
 *
 * @param stepName the step (an orchestration's rollback is {@code rollback:NAME})
 * @param action e.g. {@code aws:runCommand}
 * @param stepExecutionId unique in the execution
 * @param status where it is
 * @param startMillis when it started (epoch millis; 0: not yet)
 * @param endMillis when it ended (0: not yet)
 * @param inputs the rendered inputs, each as JSON text (long ones cut)
 * @param outputs the outputs, each as a list of strings
 * @param failureMessage why it failed, timed out or was cancelled, or null
 * @param attempts the attempts made
 * @param maxAttempts the attempts allowed
 * @param timeoutSeconds the step's timeout (0: the action's default)
 * @param onFailure Abort, Continue or step:NAME
 * @param onCancel Abort or step:NAME
 * @param critical isCritical
 * @param end isEnd
 * @param nextStep the step that ran next because of this one (a branch's choice), or null
 * @param validNextSteps the steps this one may go to
 * @param redriven whether this entry comes from the run before a redrive
 */
public record StepExecution(
    String stepName,
    String action,
    String stepExecutionId,
    AutomationStatus status,
    long startMillis,
    long endMillis,
    Map<String, String> inputs,
    Map<String, List<String>> outputs,
    String failureMessage,
    int attempts,
    int maxAttempts,
    int timeoutSeconds,
    String onFailure,
    String onCancel,
    boolean critical,
    boolean end,
    String nextStep,
    List<String> validNextSteps,
    boolean redriven) {
  public StepExecution {
    inputs = inputs == null ? Map.of() : inputs;
    outputs = outputs == null ? Map.of() : outputs;
    validNextSteps = validNextSteps == null ? List.of() : List.copyOf(validNextSteps);
  }

  /** This entry marked as carried over from the run before a redrive. */
  public StepExecution carried() {
    return new StepExecution(
        stepName,
        action,
        stepExecutionId,
        status,
        startMillis,
        endMillis,
        inputs,
        outputs,
        failureMessage,
        attempts,
        maxAttempts,
        timeoutSeconds,
        onFailure,
        onCancel,
        critical,
        end,
        nextStep,
        validNextSteps,
        true);
  }
}
