package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.doc.Action;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.ssmflow.workflows.runbook.doc.StepSpec;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * An Automation document's mainSteps, as SSM runs them: in order, or where nextStep or a branch
 * says; a failed step aborts (onFailure Abort), goes on (Continue) or jumps (step:NAME); isEnd
 * stops; the execution fails when a critical step failed (TimedOut when that step timed out). A
 * cancel marks the running step Cancelled and, when it has onCancel step:NAME, runs from there for
 * at most two minutes before the execution ends Cancelled.
 */
final class AutomationRunner {
  static final Duration CANCEL_WINDOW = Duration.ofMinutes(2);
  private static final Logger log = Workflow.getLogger(AutomationRunner.class);

  private final RunbookDocument doc;
  private final StepRunner steps;
  private final ExecutionState state;
  private StepSpec current;

  AutomationRunner(RunbookDocument doc, StepRunner steps, ExecutionState state) {
    this.doc = doc;
    this.steps = steps;
    this.state = state;
  }

  /** Runs from {@code from} (the first step when null) to the end. */
  void run(String from) {
    state.status = AutomationStatus.IN_PROGRESS;
    try {
      state.status = sequence(from == null ? doc.steps().get(0).name() : from);
    } catch (CanceledFailure e) {
      state.status = AutomationStatus.CANCELLING;
      StepSpec cancelled = current;
      if (state.haltedAt == null && cancelled != null) {
        state.haltedAt = cancelled.name();
      }
      state.failureMessage =
          "cancelled during step " + (cancelled == null ? "(none)" : cancelled.name());
      String onCancel = cancelled == null ? null : cancelled.onCancelStep();
      if (onCancel != null) {
        Workflow.newDetachedCancellationScope(() -> onCancel(onCancel)).run();
      }
      state.status = AutomationStatus.CANCELLED;
    }
  }

  /** onCancel step:NAME: runs from there, cut after two minutes (SSM's limit). */
  private void onCancel(String from) {
    log.info("cancelled: running onCancel from step {}", from);
    List<Promise<Void>> timer = new ArrayList<>(1);
    CancellationScope work =
        Workflow.newCancellationScope(
            () -> {
              try {
                sequence(from);
              } catch (CanceledFailure e) {
                log.info("onCancel steps cut after {}", CANCEL_WINDOW);
              }
            });
    CancellationScope clock =
        Workflow.newCancellationScope(
            () ->
                timer.add(
                    Workflow.newTimer(
                        CANCEL_WINDOW,
                        TimerOptions.newBuilder().setSummary("onCancel limit").build())));
    clock.run();
    timer
        .get(0)
        .thenApply(
            v -> {
              work.cancel(
                  "onCancel steps run for at most " + CANCEL_WINDOW.toMinutes() + " minutes");
              return v;
            });
    work.run();
    clock.cancel();
  }

  /** Runs steps from {@code name} until the end; answers the execution's status. */
  private AutomationStatus sequence(String name) {
    AutomationStatus failure = null;
    String next = name;
    while (next != null) {
      StepSpec s = doc.step(next);
      current = s;
      StepRunner.StepOutcome o = steps.run(s, validNext(s));
      if (o.status() == AutomationStatus.SUCCESS) {
        // A branch's choice wins over isEnd: on a branch, isEnd means "stop when no choice
        // holds and there is no Default" (SSM's conditional-branch documentation).
        next =
            o.nextStep() != null
                ? o.nextStep()
                : s.end() ? null : s.nextStep() != null ? s.nextStep() : following(s);
        continue;
      }
      if (s.criticalStep()) {
        state.failedAt(s.name(), o.status(), o.message());
        if (failure == null) {
          failure = o.status();
        }
      }
      if (steps.exhausted()) {
        state.failedAt(s.name(), o.status(), o.message());
        return AutomationStatus.FAILED;
      }
      if (s.onFailureStep() != null) {
        next = s.onFailureStep();
      } else if (StepSpec.CONTINUE.equals(s.onFailure())) {
        next = s.end() ? null : s.nextStep() != null ? s.nextStep() : following(s);
      } else {
        // Abort: an automation that stopped early did not succeed, critical step or not.
        state.failedAt(s.name(), o.status(), o.message());
        return failure != null ? failure : o.status();
      }
    }
    return failure != null ? failure : AutomationStatus.SUCCESS;
  }

  private String following(StepSpec s) {
    int i = doc.indexOf(s.name());
    return i + 1 < doc.steps().size() ? doc.steps().get(i + 1).name() : null;
  }

  /** The steps this one may go to (SSM's ValidNextSteps). */
  private List<String> validNext(StepSpec s) {
    List<String> out = new ArrayList<>();
    if (Action.BRANCH.awsName().equals(s.action())) {
      Object choices = s.inputs().get("Choices");
      if (choices instanceof List<?> l) {
        for (Object c : l) {
          if (c instanceof java.util.Map<?, ?> m
              && m.get("NextStep") instanceof String n
              && !out.contains(n)) {
            out.add(n);
          }
        }
      }
      if (s.inputs().get("Default") instanceof String d && !out.contains(d)) {
        out.add(d);
      }
    }
    String then = s.nextStep() != null ? s.nextStep() : s.end() ? null : following(s);
    if (then != null && !out.contains(then)) {
      out.add(then);
    }
    if (s.onFailureStep() != null && !out.contains(s.onFailureStep())) {
      out.add(s.onFailureStep());
    }
    return out;
  }
}
