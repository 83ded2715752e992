package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.runbook.AutomationExecution;
import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.RunbookRequest;
import io.ssmflow.workflows.runbook.RunbookWorkflow;
import io.ssmflow.workflows.runbook.doc.ParameterBinder;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.ssmflow.workflows.runbook.doc.Values;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * aws:executeAutomation: the named runbook (read next to the parent document) runs as a child
 * {@link RunbookWorkflow} with its RuntimeParameters; its outputs become the step's Output.
 */
final class NestedAction {
  private final RunbookRequest request;

  NestedAction(RunbookRequest request) {
    this.request = request;
  }

  ActionResult run(StepCall call) {
    String name;
    RunbookRequest child;
    try {
      name = Inputs.text(call.inputs(), "DocumentName");
      RunbookDocument doc = request.library().get(name);
      if (doc == null) {
        return ActionResult.failed(
            "no runbook "
                + name
                + " was given with this one (ssmflow"
                + " reads "
                + name
                + ".yaml, .yml or .json next to the document)");
      }
      Map<String, Object> runtime = Inputs.map(call.inputs(), "RuntimeParameters");
      ParameterBinder.bind(doc, runtime);
      child =
          new RunbookRequest(
              doc,
              request.library(),
              runtime,
              null,
              request.maxConcurrency(),
              request.maxErrors(),
              request.executedBy(),
              call.deadlineMillis() == 0 ? request.launchCutoffMillis() : call.deadlineMillis(),
              null);
    } catch (IllegalArgumentException e) {
      return ActionResult.failed(e.getMessage());
    }
    String id = Workflow.getInfo().getWorkflowId() + "/" + call.childName();
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .setStaticSummary("aws:executeAutomation " + call.stepName() + ": runbook " + name);
    if (Workflow.getTypedSearchAttributes().size() > 0) {
      options.setTypedSearchAttributes(Workflow.getTypedSearchAttributes());
    }
    AutomationExecution result;
    try {
      result = Workflow.newChildWorkflowStub(RunbookWorkflow.class, options.build()).run(child);
    } catch (ChildWorkflowFailure e) {
      if (e.getCause() instanceof CanceledFailure c) {
        throw c;
      }
      return ActionResult.failed(
          "runbook " + name + " (" + id + ") failed: " + Failures.message(e));
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("ExecutionId", result.executionId());
    outputs.put("Status", result.status().awsName());
    List<String> values = new ArrayList<>();
    result.outputs().values().forEach(values::addAll);
    outputs.put("Output", values);
    if (result.status() == AutomationStatus.SUCCESS) {
      return ActionResult.ok(outputs);
    }
    String why =
        "runbook "
            + name
            + " ("
            + id
            + ") ended "
            + result.status().awsName()
            + (result.failureMessage() == null
                ? ""
                : ": " + Values.clip(result.failureMessage(), 500));
    return result.status() == AutomationStatus.TIMED_OUT
        ? new ActionResult(AutomationStatus.TIMED_OUT, outputs, why, null)
        : ActionResult.failed(why, outputs);
  }
}
