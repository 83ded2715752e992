package io.ssmflow.workflows.deploy.rollout;

/** What a rollout slice does to its instances. */
public enum RolloutMode {
  /** Run the steps then the health check; a failed instance is rolled back at once. */
  DEPLOY,
  /** Run only the rollback step (the failure policy's rollback of succeeded instances). */
  ROLLBACK
}
