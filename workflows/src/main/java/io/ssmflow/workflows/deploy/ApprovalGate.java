package io.ssmflow.workflows.deploy;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A deployment's approval gate: waits for the {@code approve} or {@code reject} update, its
 * timeout, or the launch cutoff; the updates are validated here (only while a decision is awaited,
 * and only with an approver). Workflow state.
 */
final class ApprovalGate {
  private static final Logger log = Workflow.getLogger(ApprovalGate.class);

  /** How the gate ended when it did not let the run go on. */
  record Refusal(DeploymentOutcome outcome, String message) {}

  private boolean awaiting;
  private Approval decision;
  private boolean approved;

  /**
   * Waits for a decision; answers null when the run goes on (approved, or the cutoff passed first:
   * then {@link #decision()} is null), else why not (rejected, or no decision within the timeout).
   */
  Refusal await(Duration timeout, Supplier<Boolean> cutoffReached) {
    awaiting = true;
    Duration limit = timeout == null ? Duration.ofHours(24) : timeout;
    boolean decided = Workflow.await(limit, () -> decision != null || cutoffReached.get());
    awaiting = false;
    if (decision == null && cutoffReached.get()) {
      log.info("approval gate: the launch cutoff passed before a decision");
      return null;
    }
    if (!decided) {
      decision = new Approval("ssmflow", "no decision within " + limit);
      approved = false;
    }
    log.info(
        "approval gate: {} by {} ({})",
        approved ? "approved" : "rejected",
        decision.approver(),
        decision.reason());
    if (approved) {
      return null;
    }
    if (!decided) {
      return new Refusal(DeploymentOutcome.REJECTED, "approval timed out after " + limit);
    }
    return new Refusal(
        DeploymentOutcome.REJECTED,
        "rejected by "
            + decision.approver()
            + (decision.reason() == null || decision.reason().isBlank()
                ? ""
                : ": " + decision.reason()));
  }

  /** The run is ending: no decision is awaited any more. */
  void close() {
    awaiting = false;
  }

  /** The decision taken, or null. */
  Approval decision() {
    return decision;
  }

  boolean approved() {
    return approved;
  }

  String approve(Approval approval) {
    decide(approval, true);
    return "approved by " + approval.approver();
  }

  String reject(Approval approval) {
    decide(approval, false);
    return "rejected by " + approval.approver();
  }

  private void decide(Approval approval, boolean approve) {
    decision = approval;
    approved = approve;
    awaiting = false;
  }

  /** An update's validator: refused unless a decision is awaited and the approver is named. */
  void validate(Approval approval, String phase) {
    if (!awaiting) {
      throw new IllegalStateException("no approval is awaited (phase " + phase + ")");
    }
    if (approval == null || approval.approver() == null || approval.approver().isBlank()) {
      throw new IllegalArgumentException("an approval names its approver");
    }
  }
}
