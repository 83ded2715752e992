package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.doc.Action;
import io.ssmflow.workflows.runbook.doc.ActionCall;
import io.ssmflow.workflows.runbook.doc.StepSpec;
import io.ssmflow.workflows.runbook.doc.Templates;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one step: renders its inputs, runs the action up to maxAttempts times, each attempt bounded
 * by the step's timeout (the attempt runs in a cancellation scope that a timer cancels: a command's
 * child drains, a wait's activity is cancelled, a sleep or approval stops), then an orchestration
 * step's validation; records the step in the ledger and its outputs in the context.
 */
final class StepRunner {
  /** A run makes at most this many step executions (history stays bounded; loops end). */
  static final int MAX_STEP_EXECUTIONS = 500;

  /** How a step ended, after every attempt. */
  record StepOutcome(
      AutomationStatus status, Map<String, Object> outputs, String message, String nextStep) {}

  private final Actions actions;
  private final ExecutionContext context;
  private final StepLedger ledger;
  private final long launchCutoffMillis;

  StepRunner(
      Actions actions, ExecutionContext context, StepLedger ledger, long launchCutoffMillis) {
    this.actions = actions;
    this.context = context;
    this.ledger = ledger;
    this.launchCutoffMillis = launchCutoffMillis;
  }

  /** Whether the run has made more step executions than it may. */
  boolean exhausted() {
    return ledger.size() > MAX_STEP_EXECUTIONS;
  }

  /** Runs a step of the document (its validation too); records its outputs. */
  StepOutcome run(StepSpec spec, List<String> validNextSteps) {
    StepOutcome o =
        execute(
            spec.name(),
            new ActionCall(spec.action(), spec.inputs(), spec.outputs()),
            spec,
            spec.validation(),
            validNextSteps);
    context.record(spec.name(), o.outputs());
    return o;
  }

  /** Runs an orchestration step's rollback (ledger name {@code rollback:NAME}). */
  StepOutcome rollback(StepSpec spec) {
    StepSpec props =
        new StepSpec(
            "rollback_" + spec.name(),
            spec.rollback().action(),
            spec.rollback().inputs(),
            null,
            spec.maxAttempts(),
            spec.timeoutSeconds(),
            null,
            null,
            null,
            null,
            false,
            spec.rollback().outputs(),
            List.of(),
            null,
            null);
    return execute("rollback:" + spec.name(), spec.rollback(), props, null, List.of());
  }

  private StepOutcome execute(
      String name, ActionCall call, StepSpec props, ActionCall check, List<String> validNextSteps) {
    Action action = Action.of(call.action());
    StepLedger.Entry entry = ledger.start(name, call.action(), props, validNextSteps);
    if (ledger.size() > MAX_STEP_EXECUTIONS) {
      return end(
          entry,
          ActionResult.failed(
              "more than "
                  + MAX_STEP_EXECUTIONS
                  + " step"
                  + " executions in one run: the document loops"));
    }
    if (launchCutoffMillis > 0 && Workflow.currentTimeMillis() >= launchCutoffMillis) {
      return end(
          entry,
          ActionResult.failed(
              "the maintenance window's cutoff passed before the" + " step started"));
    }
    int timeout =
        props.timeoutSeconds() > 0 ? props.timeoutSeconds() : Actions.defaultTimeout(action);
    String stepName = name.startsWith("rollback:") ? props.name() : name;
    ActionResult result = null;
    try {
      for (int attempt = 1; attempt <= props.maxAttempts(); attempt++) {
        entry.attempts = attempt;
        entry.status = AutomationStatus.IN_PROGRESS;
        Map<String, Object> rendered;
        try {
          rendered = render(call.inputs());
        } catch (IllegalArgumentException e) {
          result = ActionResult.failed("inputs: " + e.getMessage());
          break;
        }
        StepLedger.inputs(entry, rendered);
        long deadline = timeout > 0 ? Workflow.currentTimeMillis() + timeout * 1_000L : 0;
        if (launchCutoffMillis > 0) {
          deadline = deadline == 0 ? launchCutoffMillis : Math.min(deadline, launchCutoffMillis);
        }
        String child =
            stepName
                + "-"
                + entry.id.substring(entry.id.lastIndexOf('-') + 1)
                + (attempt > 1 ? "." + attempt : "");
        StepCall attemptCall =
            new StepCall(
                stepName, action, rendered, call.outputs(), timeout, deadline, entry, child);
        result = timed(timeout, attemptCall);
        if (result.succeeded() && check != null) {
          result = validate(stepName, check, entry, result, child);
        }
        if (result.succeeded()) {
          break;
        }
      }
    } catch (CanceledFailure e) {
      end(
          entry,
          new ActionResult(
              AutomationStatus.CANCELLED, Map.of(), "cancelled while the" + " step ran", null));
      throw e;
    }
    return end(entry, result);
  }

  private ActionResult validate(
      String stepName, ActionCall check, StepLedger.Entry entry, ActionResult done, String child) {
    Map<String, Object> rendered;
    try {
      rendered = render(check.inputs());
    } catch (IllegalArgumentException e) {
      return ActionResult.failed("validation inputs: " + e.getMessage(), done.outputs());
    }
    Action action = Action.of(check.action());
    ActionResult v =
        timed(
            Actions.defaultTimeout(action),
            new StepCall(
                stepName,
                action,
                rendered,
                check.outputs(),
                Actions.defaultTimeout(action),
                0,
                entry,
                child + "-check"));
    if (v.succeeded()) {
      return done;
    }
    return new ActionResult(
        v.status(),
        done.outputs(),
        "validation " + check.action() + " failed: " + v.message(),
        null);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> render(Map<String, Object> inputs) {
    return (Map<String, Object>) Templates.render(inputs, context);
  }

  private static StepOutcome end(StepLedger.Entry entry, ActionResult r) {
    StepLedger.finish(entry, r.status(), r.outputs(), r.message());
    entry.chosenNext = r.nextStep();
    return new StepOutcome(r.status(), r.outputs(), r.message(), r.nextStep());
  }

  /** One attempt, cut at {@code seconds} (0: no limit). */
  private ActionResult timed(int seconds, StepCall call) {
    if (seconds <= 0) {
      return actions.run(call);
    }
    List<Promise<ActionResult>> body = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(() -> body.add(Async.function(actions::run, call)));
    scope.run();
    List<Promise<Void>> timer = new ArrayList<>(1);
    CancellationScope timerScope =
        Workflow.newCancellationScope(
            () ->
                timer.add(
                    Workflow.newTimer(
                        Duration.ofSeconds(seconds),
                        TimerOptions.newBuilder()
                            .setSummary(
                                "timeout of step " + call.stepName() + " (" + seconds + " s)")
                            .build())));
    timerScope.run();
    try {
      Workflow.await(() -> body.get(0).isCompleted() || timer.get(0).isCompleted());
    } catch (CanceledFailure e) {
      // The execution is cancelled: let the attempt finish its own cleanup first.
      Workflow.newDetachedCancellationScope(() -> Workflow.await(() -> body.get(0).isCompleted()))
          .run();
      throw e;
    }
    if (body.get(0).isCompleted()) {
      timerScope.cancel();
      return body.get(0).get();
    }
    scope.cancel("the step timed out");
    Workflow.newDetachedCancellationScope(() -> Workflow.await(() -> body.get(0).isCompleted()))
        .run();
    try {
      ActionResult r = body.get(0).get();
      if (r.succeeded()) {
        return r;
      }
      return new ActionResult(
          AutomationStatus.TIMED_OUT,
          r.outputs(),
          "timed out after " + seconds + " s" + (r.message() == null ? "" : ": " + r.message()),
          null);
    } catch (CanceledFailure e) {
      return ActionResult.timedOut("timed out after " + seconds + " s");
    }
  }
}
