package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.runbook.doc.DocumentFormat;
import java.util.List;
import java.util.Map;

/**
 * A runbook execution, in the shape of SSM's AutomationExecution (get-automation-execution): the
 * answer of the {@code execution} query while it runs, and the workflow's result.
 *
 * @param executionId the workflow id ({@code automation:EXECUTION_ID})
 * @param documentName the runbook's name
 * @param format Automation document or orchestration
 * @param status the execution's status
 * @param startMillis when it started (epoch millis)
 * @param endMillis when it ended (0: running)
 * @param parameters the parameters' values, each as a list of strings
 * @param outputs the document's outputs ({@code step.output} to values)
 * @param failureMessage why it failed, timed out or was cancelled, or null
 * @param currentStepName the step running now (or the last one), or null
 * @param currentAction its action, or null
 * @param haltedAt the step a redrive starts from (the one that failed, timed out or was cancelled),
 *     or null
 * @param steps every step run so far, in order
 * @param executedBy who started it
 * @param redriveCount how many times it was redriven
 * @param pendingSteps the document's steps that have not run (SSM lists them as Pending; a branch
 *     not taken leaves its steps Pending), in document order
 */
public record AutomationExecution(
    String executionId,
    String documentName,
    DocumentFormat format,
    AutomationStatus status,
    long startMillis,
    long endMillis,
    Map<String, List<String>> parameters,
    Map<String, List<String>> outputs,
    String failureMessage,
    String currentStepName,
    String currentAction,
    String haltedAt,
    List<StepExecution> steps,
    String executedBy,
    int redriveCount,
    List<String> pendingSteps) {
  public AutomationExecution {
    parameters = parameters == null ? Map.of() : parameters;
    outputs = outputs == null ? Map.of() : outputs;
    steps = steps == null ? List.of() : List.copyOf(steps);
    pendingSteps = pendingSteps == null ? List.of() : List.copyOf(pendingSteps);
  }
}
