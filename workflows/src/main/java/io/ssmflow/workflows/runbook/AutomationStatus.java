package io.ssmflow.workflows.runbook;

/** SSM Automation's statuses, of an execution and of each step. */
public enum AutomationStatus {
  PENDING("Pending"),
  IN_PROGRESS("InProgress"),
  WAITING("Waiting"),
  SUCCESS("Success"),
  TIMED_OUT("TimedOut"),
  CANCELLING("Cancelling"),
  CANCELLED("Cancelled"),
  FAILED("Failed");

  private final String awsName;

  AutomationStatus(String awsName) {
    this.awsName = awsName;
  }

  /** The name SSM reports, e.g. {@code InProgress}. */
  public String awsName() {
    return awsName;
  }

  /** Whether nothing changes any more. */
  public boolean terminal() {
    return this == SUCCESS || this == TIMED_OUT || this == CANCELLED || this == FAILED;
  }

  /** Whether a step that ended so failed (onFailure applies). */
  public boolean failure() {
    return this == FAILED || this == TIMED_OUT;
  }
}
