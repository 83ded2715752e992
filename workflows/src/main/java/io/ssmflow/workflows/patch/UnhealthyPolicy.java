package io.ssmflow.workflows.patch;

/** What an unhealthy instance in the pre-patch health check does to the run. */
public enum UnhealthyPolicy {
  /** Abort the whole run before anything changes (the production default). */
  ABORT,
  /** Skip the unhealthy instance with the reason and patch the others. */
  SKIP
}
