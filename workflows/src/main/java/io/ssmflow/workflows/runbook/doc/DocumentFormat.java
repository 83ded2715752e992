package io.ssmflow.workflows.runbook.doc;

/** The two kinds of runbook files ssmflow runs. */
public enum DocumentFormat {
  /** An SSM Automation document, schema 0.3: mainSteps run in order, with jumps. */
  AUTOMATION,
  /** An orchestration: steps with dependsOn, run as a graph, rolled back in reverse. */
  ORCHESTRATION
}
