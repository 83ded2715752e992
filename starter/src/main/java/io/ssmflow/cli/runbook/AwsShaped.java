package io.ssmflow.cli.runbook;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ssmflow.workflows.runbook.AutomationExecution;
import java.util.Map;

/**
 * A run that {@code --output json} writes in the shape of get-automation-execution (see {@link
 * AutomationJson}), wherever it is printed.
 *
 * @param execution the run
 */
record AwsShaped(AutomationExecution execution) {
  @JsonValue
  Map<String, Object> json() {
    return AutomationJson.of(execution);
  }
}
