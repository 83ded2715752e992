package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.runbook.InstanceStateChange;
import io.ssmflow.workflows.runbook.RunbookActivities;
import io.ssmflow.workflows.runbook.TagRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** aws:changeInstanceState and aws:createTags, each one activity. */
final class InstanceAction {
  /** SSM's default timeout of aws:changeInstanceState. */
  static final int DEFAULT_STATE_SECONDS = 3_600;

  ActionResult changeState(StepCall call) {
    InstanceStateChange change;
    try {
      Map<String, Object> in = call.inputs();
      String desired = Inputs.text(in, "DesiredState");
      if (!desired.equals("running") && !desired.equals("stopped")) {
        return ActionResult.failed("DesiredState must be running or stopped, not " + desired);
      }
      List<String> ids = Inputs.strings(in, "InstanceIds");
      if (ids.isEmpty()) {
        return ActionResult.failed("InstanceIds is empty");
      }
      change =
          new InstanceStateChange(
              ids,
              desired,
              Inputs.bool(in, "CheckStateOnly", false),
              Inputs.bool(in, "Force", false),
              call.timeoutSeconds() > 0 ? call.timeoutSeconds() : DEFAULT_STATE_SECONDS);
    } catch (IllegalArgumentException e) {
      return ActionResult.failed(e.getMessage());
    }
    String summary =
        "aws:changeInstanceState "
            + call.stepName()
            + ": "
            + (change.checkStateOnly() ? "check " : "")
            + change.desiredState()
            + " "
            + change.instanceIds().size()
            + " instance"
            + (change.instanceIds().size() == 1 ? "" : "s");
    try {
      List<String> states =
          Workflow.newActivityStub(
                  RunbookActivities.class,
                  RunbookActivityOptions.poll(summary, change.timeoutSeconds()))
              .changeInstanceState(change);
      Map<String, Object> outputs = new LinkedHashMap<>();
      outputs.put("InstanceStates", states);
      return ActionResult.ok(outputs);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure c) {
        throw c;
      }
      String message = Failures.message(e);
      boolean late =
          e.getCause() instanceof ApplicationFailure a
              && RunbookActivities.STATE_TIMED_OUT.equals(a.getType());
      return late ? ActionResult.timedOut(message) : ActionResult.failed(message);
    }
  }

  ActionResult createTags(StepCall call) {
    TagRequest request;
    try {
      Map<String, Object> in = call.inputs();
      Map<String, String> tags = new LinkedHashMap<>();
      for (Map<String, Object> t : Inputs.maps(in, "Tags")) {
        tags.put(Inputs.text(t, "Key"), Inputs.text(t, "Value", ""));
      }
      request =
          new TagRequest(
              Inputs.text(in, "ResourceType", "EC2"), Inputs.strings(in, "ResourceIds"), tags);
      if (request.resourceIds().isEmpty() || tags.isEmpty()) {
        return ActionResult.failed("ResourceIds and Tags must not be empty");
      }
      if (!request.resourceType().equals("EC2") && request.resourceIds().size() > 1) {
        return ActionResult.failed(
            "a " + request.resourceType() + " resource is tagged one at" + " a time");
      }
    } catch (IllegalArgumentException e) {
      return ActionResult.failed(e.getMessage());
    }
    try {
      Workflow.newActivityStub(
              RunbookActivities.class,
              RunbookActivityOptions.call(
                  "aws:createTags "
                      + call.stepName()
                      + ": "
                      + request.resourceIds().size()
                      + " resource(s)"))
          .createTags(request);
      return ActionResult.ok(Map.of());
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure c) {
        throw c;
      }
      return ActionResult.failed(Failures.message(e));
    }
  }
}
