package io.ssmflow.workflows.runbook.doc;

import java.util.List;
import java.util.Map;

/**
 * An action with its inputs, as an orchestration step's rollback or validation.
 *
 * @param action e.g. {@code aws:runCommand}
 * @param inputs the action's inputs (with variables)
 * @param outputs user-defined outputs (aws:executeAwsApi), else empty
 */
public record ActionCall(String action, Map<String, Object> inputs, List<OutputSpec> outputs) {
  public ActionCall {
    inputs = inputs == null ? Map.of() : inputs;
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
  }
}
