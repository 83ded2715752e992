package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.runbook.ApprovalDecision;
import io.ssmflow.workflows.runbook.AutomationStatus;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * aws:approve and aws:pause: the step waits (status Waiting) until {@code ssmflow approve} / {@code
 * reject} (approvers named in the step, MinRequiredApprovals) or {@code ssmflow runbook resume}
 * decide; the step's timeout (7 days by default for approvals) bounds the wait.
 */
final class GateAction {
  /** SSM's default timeout of aws:approve. */
  static final int DEFAULT_APPROVAL_SECONDS = 604_800;

  private static final Logger log = Workflow.getLogger(GateAction.class);

  private final Gates gates;
  private final String documentName;

  GateAction(Gates gates, String documentName) {
    this.gates = gates;
    this.documentName = documentName;
  }

  ActionResult approve(StepCall call) {
    List<String> approvers;
    int min;
    String message;
    String topic;
    try {
      approvers = Inputs.strings(call.inputs(), "Approvers");
      min = Inputs.integer(call.inputs(), "MinRequiredApprovals", 1);
      message = Inputs.text(call.inputs(), "Message", "");
      topic = Inputs.text(call.inputs(), "NotificationArn", null);
    } catch (IllegalArgumentException e) {
      return ActionResult.failed(e.getMessage());
    }
    if (approvers.isEmpty() || min < 1 || min > approvers.size()) {
      return ActionResult.failed(
          "MinRequiredApprovals " + min + " needs 1 to " + approvers.size() + " approvers");
    }
    String id = Workflow.getInfo().getWorkflowId();
    if (topic != null && !topic.isBlank()) {
      notifyApprovers(topic, call.stepName(), id, message, approvers, min);
    }
    Gates.Gate gate = gates.open(call.stepName(), true, approvers, min);
    call.entry().status = AutomationStatus.WAITING;
    try {
      Workflow.await(gate::decided);
    } finally {
      gates.close(gate);
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("ApprovalStatus", gate.rejected() ? "Rejected" : "Approved");
    outputs.put("ApproverDecisions", decisions(gate.decisions));
    if (gate.rejected()) {
      ApprovalDecision no =
          gate.decisions.stream()
              .filter(d -> d.decision().equals(Gates.REJECT))
              .findFirst()
              .orElseThrow();
      return ActionResult.failed(
          "rejected by " + no.approver() + (no.comment().isBlank() ? "" : ": " + no.comment()),
          outputs);
    }
    return ActionResult.ok(outputs);
  }

  ActionResult pause(StepCall call) {
    Gates.Gate gate = gates.open(call.stepName(), false, List.of(), 0);
    call.entry().status = AutomationStatus.WAITING;
    try {
      Workflow.await(gate::decided);
    } finally {
      gates.close(gate);
    }
    return ActionResult.ok(Map.of());
  }

  private static List<Object> decisions(List<ApprovalDecision> decisions) {
    List<Object> out = new ArrayList<>();
    for (ApprovalDecision d : decisions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Approver", d.approver());
      m.put("Decision", d.decision());
      m.put("Comment", d.comment());
      m.put("Time", java.time.Instant.ofEpochMilli(d.timeMillis()).toString());
      out.add(m);
    }
    return out;
  }

  /** SSM sends the approval request to NotificationArn; a failure to publish is only logged. */
  private void notifyApprovers(
      String topic, String step, String id, String message, List<String> approvers, int min) {
    NotificationActivities sns =
        Workflow.newActivityStub(
            NotificationActivities.class,
            RunbookActivityOptions.call("aws:approve " + step + ": notify " + topic));
    String body =
        "Runbook "
            + documentName
            + " ("
            + id
            + ") waits at step "
            + step
            + " for "
            + min
            + " approval"
            + (min == 1 ? "" : "s")
            + " from "
            + String.join(", ", approvers)
            + ".\n"
            + (message.isBlank() ? "" : message + "\n")
            + "Approve: ssmflow approve "
            + id
            + " --reason TEXT\n"
            + "Reject:  ssmflow reject "
            + id
            + " --reason TEXT\n";
    try {
      sns.publish(topic, "ssmflow runbook " + documentName + ": approval required", body);
    } catch (ActivityFailure e) {
      log.warn("approval request not published to {}: {}", topic, Failures.message(e));
    }
  }
}
