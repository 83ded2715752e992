package io.ssmflow.workflows.runbook.doc;

import java.util.List;
import java.util.Map;

/**
 * One step of a runbook, with SSM's shared action properties (Automation documents) and the graph
 * properties of orchestrations.
 *
 * @param name unique in the document, {@code [a-zA-Z0-9_]+}
 * @param action e.g. {@code aws:runCommand}
 * @param inputs the action's inputs, with variables (null values removed)
 * @param description free text, or null
 * @param maxAttempts how many times the step runs before it fails (at least 1)
 * @param timeoutSeconds the step's timeout; 0: the action's default
 * @param onFailure {@code Abort}, {@code Continue} or {@code step:NAME}
 * @param onCancel {@code Abort} or {@code step:NAME}
 * @param critical isCritical as written, or null (then: false with onFailure Continue, else true)
 * @param nextStep the step after this one succeeds, or null (the next in the list)
 * @param end isEnd: the automation stops after this step
 * @param outputs user-defined outputs (aws:executeAwsApi)
 * @param dependsOn orchestrations: the steps that must succeed first
 * @param rollback orchestrations: what undoes this step when a later one fails, or null
 * @param validation orchestrations: a check whose failure fails this step, or null
 */
public record StepSpec(
    String name,
    String action,
    Map<String, Object> inputs,
    String description,
    int maxAttempts,
    int timeoutSeconds,
    String onFailure,
    String onCancel,
    Boolean critical,
    String nextStep,
    boolean end,
    List<OutputSpec> outputs,
    List<String> dependsOn,
    ActionCall rollback,
    ActionCall validation) {
  public static final String ABORT = "Abort";
  public static final String CONTINUE = "Continue";
  public static final String STEP_PREFIX = "step:";

  public StepSpec {
    inputs = inputs == null ? Map.of() : inputs;
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    onFailure = onFailure == null ? ABORT : onFailure;
    onCancel = onCancel == null ? ABORT : onCancel;
  }

  /** SSM's isCritical: as written, else false with onFailure Continue, else true. */
  public boolean criticalStep() {
    return critical != null ? critical : !CONTINUE.equals(onFailure);
  }

  /** The step onFailure jumps to, or null (Abort, Continue). */
  public String onFailureStep() {
    return onFailure.startsWith(STEP_PREFIX) ? onFailure.substring(STEP_PREFIX.length()) : null;
  }

  /** The step onCancel jumps to, or null (Abort). */
  public String onCancelStep() {
    return onCancel.startsWith(STEP_PREFIX) ? onCancel.substring(STEP_PREFIX.length()) : null;
  }
}
