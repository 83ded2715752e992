package io.ssmflow.workflows.deploy;

/** How a deployment ended. Only SUCCEEDED is a success (CLI exit code 0). */
public enum DeploymentOutcome {
  SUCCEEDED,
  /** Errors exceeded MaxErrors or the canary failed; the failure policy was applied. */
  FAILED,
  /** The approval gate was rejected or timed out. */
  REJECTED,
  CANCELLED,
  /** Another deployment of the app to the environment was running; nothing changed. */
  REFUSED,
  /** No eligible instance matched the targets; nothing changed. */
  NO_TARGETS
}
