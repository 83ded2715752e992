package io.ssmflow.workflows.runbook;

import java.util.List;
import java.util.Map;

/**
 * What a redriven execution starts from: the earlier run's steps and outputs.
 *
 * @param fromStep the step to run first (the one that failed); orchestrations run again every step
 *     that did not succeed or was rolled back
 * @param steps the earlier run's step executions (shown as they were)
 * @param outputs the earlier steps' outputs, step name to output name to value
 * @param count how many redrives this makes (1 for the first)
 */
public record Redrive(
    String fromStep,
    List<StepExecution> steps,
    Map<String, Map<String, Object>> outputs,
    int count) {
  public Redrive {
    steps = List.copyOf(steps);
    outputs = outputs == null ? Map.of() : outputs;
  }
}
