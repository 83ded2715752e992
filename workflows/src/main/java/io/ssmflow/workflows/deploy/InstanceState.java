package io.ssmflow.workflows.deploy;

/** Where one instance is in a deployment. */
public enum InstanceState {
  PENDING,
  IN_PROGRESS,
  SUCCEEDED,
  FAILED,
  ROLLING_BACK,
  ROLLED_BACK,
  ROLLBACK_FAILED,
  /** Not started: not eligible, or never launched because the run stopped. */
  SKIPPED;

  public boolean terminal() {
    return this != PENDING && this != IN_PROGRESS && this != ROLLING_BACK;
  }
}
