package io.ssmflow.workflows.fleetrun;

import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationOutcomes;
import io.ssmflow.workflows.command.InvocationStatus;
import java.util.List;

/**
 * How one instance's step ended, applied to its step machine (pure: no Temporal calls, so the rules
 * read in one place and are tested alone).
 */
final class StepOutcomes {
  /** The longest reason an instance carries (the cause first, whole when it fits). */
  static final int MAX_REASON = 1_000;

  private StepOutcomes() {}

  /** What applying an outcome did to the run's counters. */
  record Effect(boolean error, boolean finished) {}

  /**
   * Applies how the instance's current step ended.
   *
   * @param s the instance
   * @param plan the plan
   * @param o the outcome (a command's, or a synthetic one for activity steps and refusals)
   * @param now workflow time, for retry delays
   */
  static Effect apply(Slot s, RunPlan plan, InvocationOutcome o, long now) {
    RunStep step = s.step(plan);
    s.commandId = null;
    s.deadlineMillis = 0;
    InvocationStatus status = o.status();
    boolean undelivered =
        status == InvocationStatus.DELIVERY_TIMED_OUT || status == InvocationStatus.UNDELIVERABLE;
    if (plan.recordRuns() && step.kind().isCommand() && o.commandId() != null) {
      s.runs.add(new StepRun(step.name(), o.commandId(), status));
    }
    if (step.kind().isCommand() && !undelivered && o.commandId() != null) {
      s.commandRan = true;
    }
    if (status.succeeded()) {
      return advance(s, plan);
    }
    String what;
    if (o.commandId() == null && o.outputTail() != null) {
      // A refused or failed send, or an activity step (snapshot, restore) that failed.
      what = step.name() + (step.kind().isCommand() ? ": " : " failed: ") + o.outputTail();
    } else {
      what = InvocationOutcomes.describe(step.name(), o, step.attempts());
    }
    if (s.state == RunState.COMPENSATING) {
      s.state = RunState.COMPENSATION_FAILED;
      s.reason = clip(s.reason + "; " + compensationFailure(plan, s, step, o, what));
      return new Effect(false, true);
    }
    if (undelivered && !s.commandRan) {
      // SSM's rule: nothing of this run reached the instance, so nothing changed on it.
      s.state = RunState.SKIPPED;
      s.reason = clip(what);
      return new Effect(false, true);
    }
    if (!undelivered && s.attempt < step.attempts()) {
      s.attempt++;
      s.readyAtMillis = now + step.retryDelay().toMillis();
      return new Effect(false, false);
    }
    if (plan.continueOnFailure()) {
      return advance(s, plan);
    }
    s.failed = true;
    s.failedAt = step.name();
    s.reason = clip(what);
    boolean error = status.countsAsError() || undelivered || status == InvocationStatus.CANCELLED;
    if (!plan.compensation().isEmpty()) {
      s.state = RunState.COMPENSATING;
      s.stepIndex = 0;
      s.attempt = 1;
      s.readyAtMillis = 0;
      return new Effect(error, false);
    }
    s.state = RunState.FAILED;
    return new Effect(error, true);
  }

  private static Effect advance(Slot s, RunPlan plan) {
    List<RunStep> steps = s.state == RunState.COMPENSATING ? plan.compensation() : plan.steps();
    s.attempt = 1;
    s.readyAtMillis = 0;
    if (s.stepIndex + 1 < steps.size()) {
      s.stepIndex++;
      return new Effect(false, false);
    }
    if (s.state == RunState.COMPENSATING) {
      s.state = RunState.COMPENSATED;
      s.reason = clip(s.reason + "; " + compensationDone(plan, s));
    } else {
      s.state = RunState.SUCCEEDED;
    }
    return new Effect(false, true);
  }

  /** How a compensation step's failure reads after the instance's own failure. */
  private static String compensationFailure(
      RunPlan plan, Slot s, RunStep step, InvocationOutcome o, String what) {
    if (step.kind() == StepKind.RESTORE) {
      return "restore from " + restorePoint(s) + " failed: " + o.outputTail();
    }
    for (int i = 0; i < s.stepIndex; i++) {
      if (plan.compensation().get(i).kind() == StepKind.RESTORE) {
        return "restored from " + restorePoint(s) + " but " + what;
      }
    }
    return what;
  }

  private static String compensationDone(RunPlan plan, Slot s) {
    List<RunStep> undo = plan.compensation();
    for (int i = 0; i < undo.size(); i++) {
      if (undo.get(i).kind() == StepKind.RESTORE) {
        return "restored from " + restorePoint(s) + (i + 1 < undo.size() ? " and valid" : "");
      }
    }
    return "rolled back";
  }

  private static String restorePoint(Slot s) {
    return s.snapshotIds.isEmpty() ? "its restore point" : s.snapshotIds.get(0);
  }

  static String clip(String s) {
    return s == null || s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON - 3) + "...";
  }
}
