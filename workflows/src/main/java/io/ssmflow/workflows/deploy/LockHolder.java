package io.ssmflow.workflows.deploy;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * A deployment's hold on its app's lock in one environment: a {@link DeploymentLock} child with the
 * lock's workflow id, which lives as long as the deployment. A second deployment of the app to the
 * environment cannot start that child and is refused. Workflow code.
 */
final class LockHolder {
  private static final Logger log = Workflow.getLogger(LockHolder.class);

  private final String app;
  private final String environment;
  private final String id;
  private DeploymentLock lock;
  private Promise<Void> hold;
  private boolean held;

  LockHolder(String app, String environment) {
    this.app = app;
    this.environment = environment;
    this.id = DeploymentIds.lockId(app, environment);
  }

  /**
   * Asks for the lock: starts its child, and answers at once. {@link #taken} says whether it was
   * granted; until then the flow may only read (docs/design.md, "The flows on the engine").
   */
  void request() {
    // Detached: a cancelled deployment keeps its lock until its cleanup is done.
    Workflow.newDetachedCancellationScope(
            () -> {
              lock =
                  Workflow.newChildWorkflowStub(
                      DeploymentLock.class,
                      ChildWorkflowOptions.newBuilder()
                          .setWorkflowId(id)
                          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
                          .setStaticSummary("held by " + Workflow.getInfo().getWorkflowId())
                          .build());
              hold = Async.procedure(lock::hold, Workflow.getInfo().getWorkflowId());
            })
        .run();
  }

  /**
   * Waits for the answer to {@link #request}: null when the lock is held, else the refusal naming
   * the running holder.
   */
  String taken() {
    try {
      Workflow.getWorkflowExecution(lock).get();
      held = true;
      return null;
    } catch (ChildWorkflowFailure e) {
      log.info("another deployment holds {}: refused", id);
      return "refused: another deployment of "
          + app
          + " to "
          + environment
          + " is running (it holds "
          + id
          + ")";
    }
  }

  /** Releases the lock (if taken) and waits until its child has ended. */
  void release() {
    if (!held) {
      return;
    }
    try {
      lock.release();
      hold.get();
    } catch (TemporalFailure e) {
      log.warn("lock {} not released: {}", id, e.getMessage());
    }
  }
}
