package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.AutomationStatus;
import java.util.Map;

/**
 * How one attempt of an action ended.
 *
 * @param status Success, Failed, TimedOut or Cancelled
 * @param outputs the step's outputs (also on failure, when the action has them)
 * @param message why it did not succeed, or null
 * @param nextStep the step an aws:branch chose, or null
 */
record ActionResult(
    AutomationStatus status, Map<String, Object> outputs, String message, String nextStep) {
  ActionResult {
    outputs = outputs == null ? Map.of() : outputs;
  }

  static ActionResult ok(Map<String, Object> outputs) {
    return new ActionResult(AutomationStatus.SUCCESS, outputs, null, null);
  }

  static ActionResult failed(String message) {
    return new ActionResult(AutomationStatus.FAILED, Map.of(), message, null);
  }

  static ActionResult failed(String message, Map<String, Object> outputs) {
    return new ActionResult(AutomationStatus.FAILED, outputs, message, null);
  }

  static ActionResult timedOut(String message) {
    return new ActionResult(AutomationStatus.TIMED_OUT, Map.of(), message, null);
  }

  static ActionResult branch(String next) {
    return new ActionResult(AutomationStatus.SUCCESS, Map.of(), null, next);
  }

  boolean succeeded() {
    return status == AutomationStatus.SUCCESS;
  }
}
