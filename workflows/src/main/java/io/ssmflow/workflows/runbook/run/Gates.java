package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.deploy.Approval;
import io.ssmflow.workflows.runbook.ApprovalDecision;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The aws:approve and aws:pause steps waiting now, and the decisions that reach them through the
 * workflow's approve, reject and resume updates (approver and comment stay in history as the
 * updates' arguments, and in the step's ApproverDecisions output).
 */
final class Gates {
  static final String APPROVE = "Approve";
  static final String REJECT = "Reject";
  static final String RESUME = "Resume";

  /** One waiting step. */
  static final class Gate {
    final String step;
    final boolean approval;
    final List<String> approvers;
    final int minApprovals;
    final List<ApprovalDecision> decisions = new ArrayList<>();

    Gate(String step, boolean approval, List<String> approvers, int minApprovals) {
      this.step = step;
      this.approval = approval;
      this.approvers = List.copyOf(approvers);
      this.minApprovals = minApprovals;
    }

    boolean rejected() {
      return decisions.stream().anyMatch(d -> d.decision().equals(REJECT));
    }

    long approvals() {
      return decisions.stream().filter(d -> d.decision().equals(APPROVE)).count();
    }

    /** Approved by enough approvers, rejected, or (a pause) resumed. */
    boolean decided() {
      return approval
          ? rejected() || approvals() >= minApprovals
          : decisions.stream().anyMatch(d -> d.decision().equals(RESUME));
    }

    boolean mayDecide(String who) {
      for (String a : approvers) {
        String name = a.contains("/") ? a.substring(a.lastIndexOf('/') + 1) : a;
        if (a.equals(who) || name.equals(who)) {
          return true;
        }
      }
      return false;
    }

    boolean hasDecided(String who) {
      return decisions.stream().anyMatch(d -> d.approver().equals(who));
    }
  }

  private final List<Gate> open = new ArrayList<>();

  Gate open(String step, boolean approval, List<String> approvers, int minApprovals) {
    Gate g = new Gate(step, approval, approvers, minApprovals);
    open.add(g);
    return g;
  }

  void close(Gate g) {
    open.remove(g);
  }

  /** Whether a step waits for input (the execution is Waiting). */
  boolean waiting() {
    return open.stream().anyMatch(g -> !g.decided());
  }

  /**
   * Refuses a decision nothing waits for, or an approver who may not make it.
   *
   * @throws IllegalStateException when no step waits for this kind of decision
   * @throws IllegalArgumentException when the approver is missing or not allowed
   */
  void validate(String verb, Approval a) {
    if (a == null || a.approver() == null || a.approver().isBlank()) {
      throw new IllegalArgumentException("a decision names its approver");
    }
    boolean approval = !verb.equals(RESUME);
    List<Gate> waiting = open.stream().filter(g -> g.approval == approval && !g.decided()).toList();
    if (waiting.isEmpty()) {
      throw new IllegalStateException(
          approval
              ? "no aws:approve step is waiting for a decision"
              : "no aws:pause step is waiting to be resumed");
    }
    if (!approval) {
      return;
    }
    List<Gate> allowed = waiting.stream().filter(g -> g.mayDecide(a.approver())).toList();
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException(
          a.approver()
              + " is not an approver of step "
              + waiting.get(0).step
              + " (Approvers: "
              + String.join(", ", waiting.get(0).approvers)
              + ")");
    }
    if (allowed.stream().allMatch(g -> g.hasDecided(a.approver()))) {
      throw new IllegalArgumentException(
          a.approver() + " has already decided on step " + allowed.get(0).step);
    }
  }

  /** Applies a decision to every waiting step it may decide; answers a confirmation line. */
  String decide(String verb, Approval a) {
    boolean approval = !verb.equals(RESUME);
    List<String> steps = new ArrayList<>();
    for (Gate g : open) {
      boolean applies =
          g.approval == approval
              && !g.decided()
              && (!approval || g.mayDecide(a.approver()) && !g.hasDecided(a.approver()));
      if (applies) {
        g.decisions.add(
            new ApprovalDecision(
                a.approver(),
                verb,
                a.reason() == null ? "" : a.reason(),
                Workflow.currentTimeMillis()));
        steps.add(g.step);
      }
    }
    String what =
        switch (verb) {
          case APPROVE -> "approved";
          case REJECT -> "rejected";
          default -> "resumed";
        };
    return what + " " + String.join(", ", steps) + " by " + a.approver();
  }
}
