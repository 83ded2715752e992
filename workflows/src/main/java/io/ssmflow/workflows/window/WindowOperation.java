package io.ssmflow.workflows.window;

/** The ssmflow operations a maintenance window task can run. */
public enum WindowOperation {
  DEPLOY,
  PATCH,
  AUDIT,
  RUNBOOK
}
