package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.runbook.AwsApiCall;
import io.ssmflow.workflows.runbook.AwsApiResult;
import io.ssmflow.workflows.runbook.RunbookActivities;
import io.ssmflow.workflows.runbook.doc.Action;
import io.ssmflow.workflows.runbook.doc.AwsApis;
import io.ssmflow.workflows.runbook.doc.Values;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * aws:executeAwsApi, aws:waitForAwsResourceProperty and aws:assertAwsResourceProperty: one
 * allow-listed AWS call (or a polling wait) in an activity, which answers only the selected outputs
 * or property.
 */
final class AwsApiAction {
  /** SSM's default timeout of aws:waitForAwsResourceProperty. */
  static final int DEFAULT_WAIT_SECONDS = 3_600;

  ActionResult run(StepCall call) {
    Map<String, Object> in = call.inputs();
    AwsApiCall api;
    try {
      String service = Inputs.text(in, "Service");
      String name = Inputs.text(in, "Api");
      String refusal = AwsApis.refusal(service, name);
      if (refusal != null) {
        return ActionResult.failed(refusal);
      }
      Map<String, Object> apiInputs = new LinkedHashMap<>(in);
      apiInputs.remove("Service");
      apiInputs.remove("Api");
      apiInputs.remove("PropertySelector");
      apiInputs.remove("DesiredValues");
      boolean property = call.action() != Action.EXECUTE_AWS_API;
      int timeout = call.timeoutSeconds() > 0 ? call.timeoutSeconds() : DEFAULT_WAIT_SECONDS;
      api =
          new AwsApiCall(
              AwsApis.service(service),
              name,
              apiInputs,
              call.outputs(),
              property ? Inputs.text(in, "PropertySelector") : null,
              property ? Inputs.strings(in, "DesiredValues") : List.of(),
              timeout);
    } catch (IllegalArgumentException e) {
      return ActionResult.failed(e.getMessage());
    }
    String summary =
        call.action().awsName() + " " + call.stepName() + ": " + api.service() + " " + api.api();
    try {
      if (call.action() == Action.WAIT_FOR_PROPERTY) {
        AwsApiResult r =
            activities(RunbookActivityOptions.poll(summary, api.timeoutSeconds()))
                .waitForProperty(api);
        return ActionResult.ok(r.outputs());
      }
      AwsApiResult r = activities(RunbookActivityOptions.call(summary)).callAwsApi(api);
      if (call.action() == Action.ASSERT_PROPERTY && !r.matched()) {
        return ActionResult.failed(
            api.propertySelector()
                + " is "
                + (r.property() == null ? "absent" : "'" + Values.clip(r.property(), 200) + "'")
                + ", not one of "
                + Values.json(api.desiredValues()));
      }
      return ActionResult.ok(r.outputs());
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure c) {
        throw c;
      }
      if (e.getCause() instanceof ApplicationFailure a
          && RunbookActivities.WAIT_TIMED_OUT.equals(a.getType())) {
        return ActionResult.timedOut(a.getOriginalMessage());
      }
      return ActionResult.failed(api.service() + " " + api.api() + ": " + Failures.message(e));
    }
  }

  private static RunbookActivities activities(io.temporal.activity.ActivityOptions options) {
    return Workflow.newActivityStub(RunbookActivities.class, options);
  }
}
