package io.ssmflow.workflows.command;

import io.temporal.workflow.Workflow;

/**
 * Idempotency keys of side effects sent from a workflow (SSM commands, EC2 client tokens). A key
 * starts with the workflow id AND the run id: the same workflow id may run again once the earlier
 * run closed, and its retried sends must find their own commands, never the earlier run's.
 */
public final class IdempotencyKeys {
  private IdempotencyKeys() {}

  /** {@code <workflowId>/<runId>/<part>/<part>...} for the current workflow run. */
  public static String of(Object... parts) {
    StringBuilder key =
        new StringBuilder(Workflow.getInfo().getWorkflowId())
            .append('/')
            .append(Workflow.getInfo().getRunId());
    for (Object part : parts) {
      key.append('/').append(part);
    }
    return key.toString();
  }
}
