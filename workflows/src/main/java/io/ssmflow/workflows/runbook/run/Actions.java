package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.RunbookRequest;
import io.ssmflow.workflows.runbook.doc.Action;
import io.ssmflow.workflows.runbook.doc.Choices;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Runs one attempt of any action; aws:sleep and aws:branch are here, the others beside. */
final class Actions {
  private final CommandAction command;
  private final AwsApiAction api = new AwsApiAction();
  private final InstanceAction instances = new InstanceAction();
  private final GateAction gates;
  private final NestedAction nested;

  Actions(RunbookRequest request, Gates gates) {
    this.command = new CommandAction(request);
    this.gates = new GateAction(gates, request.document().name());
    this.nested = new NestedAction(request);
  }

  /** The timeout an action gets when its step gives none (SSM's defaults), 0: none. */
  static int defaultTimeout(Action action) {
    return switch (action) {
      case APPROVE -> GateAction.DEFAULT_APPROVAL_SECONDS;
      case WAIT_FOR_PROPERTY -> AwsApiAction.DEFAULT_WAIT_SECONDS;
      case CHANGE_INSTANCE_STATE -> InstanceAction.DEFAULT_STATE_SECONDS;
      default -> 0;
    };
  }

  ActionResult run(StepCall call) {
    return switch (call.action()) {
      case RUN_COMMAND -> command.run(call);
      case SLEEP -> sleep(call);
      case APPROVE -> gates.approve(call);
      case PAUSE -> gates.pause(call);
      case BRANCH -> branch(call.inputs());
      case EXECUTE_AWS_API, WAIT_FOR_PROPERTY, ASSERT_PROPERTY -> api.run(call);
      case CHANGE_INSTANCE_STATE -> instances.changeState(call);
      case CREATE_TAGS -> instances.createTags(call);
      case EXECUTE_AUTOMATION -> nested.run(call);
    };
  }

  private static ActionResult branch(Map<String, Object> inputs) {
    try {
      return ActionResult.branch(Choices.choose(inputs));
    } catch (IllegalArgumentException | ClassCastException e) {
      return ActionResult.failed("cannot evaluate Choices: " + e.getMessage());
    }
  }

  /** A durable timer: Duration, or until Timestamp (at once when it has passed). */
  private static ActionResult sleep(StepCall call) {
    Duration d;
    try {
      if (call.inputs().containsKey("Duration")) {
        d = Duration.parse(Inputs.text(call.inputs(), "Duration").trim());
        if (d.isNegative()) {
          return ActionResult.failed("Duration is negative");
        }
      } else {
        long until =
            OffsetDateTime.parse(Inputs.text(call.inputs(), "Timestamp").trim())
                .toInstant()
                .toEpochMilli();
        d = Duration.ofMillis(Math.max(0, until - Workflow.currentTimeMillis()));
      }
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return ActionResult.failed("aws:sleep: " + e.getMessage());
    }
    if (d.toSeconds() > 604_799) {
      return ActionResult.failed(
          "aws:sleep waits at most 604799 seconds (7 days), not " + d.toSeconds());
    }
    if (!d.isZero()) {
      Promise<Void> timer =
          Workflow.newTimer(
              d,
              TimerOptions.newBuilder()
                  .setSummary("aws:sleep " + call.stepName() + " " + d)
                  .build());
      timer.get();
    }
    return ActionResult.ok(Map.of());
  }
}
