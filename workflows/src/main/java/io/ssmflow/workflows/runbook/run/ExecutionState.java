package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.AutomationStatus;

/** The execution-wide outcome the runners set: status, why, and where it stopped. */
final class ExecutionState {
  AutomationStatus status = AutomationStatus.PENDING;
  String failureMessage;

  /** The step a redrive starts from. */
  String haltedAt;

  long endMillis;

  /** Records the first failure of a critical step (later ones do not replace it). */
  void failedAt(String step, AutomationStatus status, String message) {
    if (haltedAt == null) {
      haltedAt = step;
      failureMessage =
          "Step " + step + " " + status.awsName() + (message == null ? "" : ": " + message);
    }
  }
}
