package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.TimestampNode;
import java.time.Instant;

/**
 * Renders invocations as ListCommandInvocations and GetCommandInvocation answer them. Callers hold
 * the command's monitor.
 */
final class CommandViews {
  private CommandViews() {}

  /** A CommandInvocation; with {@code details} its CommandPlugins, else an empty list. */
  static ObjectNode invocation(Invocation inv, boolean details) {
    Command c = inv.command;
    SendCommandInput r = c.request;
    ObjectNode n =
        Json.object()
            .put("CommandId", c.id)
            .put("InstanceId", inv.instance.id())
            .put("InstanceName", "")
            .put("Comment", r.comment())
            .put("DocumentName", c.document.name())
            .put("DocumentVersion", r.documentVersion());
    n.set("RequestedDateTime", TimestampNode.of(c.requested));
    n.put("Status", inv.status())
        .put("StatusDetails", inv.statusDetails())
        .put("TraceOutput", "")
        .put("StandardOutputUrl", "")
        .put("StandardErrorUrl", "");
    ArrayNode plugins = n.putArray("CommandPlugins");
    if (details) {
      for (String step : c.document.steps()) {
        plugins.add(plugin(inv, step));
      }
    }
    n.put("ServiceRole", r.serviceRoleArn());
    n.set("NotificationConfig", r.notificationJson().deepCopy());
    n.set("CloudWatchOutputConfig", r.cloudWatchJson().deepCopy());
    return n;
  }

  /** One CommandPlugin: the step that runs on the instance, or a step skipped on it. */
  static ObjectNode plugin(Invocation inv, String step) {
    Command c = inv.command;
    ObjectNode n = Json.object().put("Name", step);
    if (isSkipped(inv, step)) {
      n.put("Status", "Success").put("StatusDetails", "Success").put("ResponseCode", 0);
      n.set("ResponseStartDateTime", TimestampNode.of(Instant.ofEpochMilli(inv.startMillis)));
      n.set("ResponseFinishDateTime", TimestampNode.of(Instant.ofEpochMilli(inv.startMillis)));
      n.put("Output", skippedOutput(step));
    } else {
      n.put("Status", pluginStatus(inv))
          .put("StatusDetails", inv.statusDetails())
          .put("ResponseCode", inv.responseCode);
      if (inv.started()) {
        n.set("ResponseStartDateTime", TimestampNode.of(Instant.ofEpochMilli(inv.startMillis)));
      }
      if (inv.started() && inv.phase == Phase.DONE) {
        n.set("ResponseFinishDateTime", TimestampNode.of(Instant.ofEpochMilli(inv.endMillis)));
      }
      n.put("Output", OutputText.pluginOutput(inv.stdout, inv.stderr));
    }
    n.put("StandardOutputUrl", "")
        .put("StandardErrorUrl", "")
        .put(
            "OutputS3Region",
            c.request.outputS3Region() == null ? c.region : c.request.outputS3Region())
        .put("OutputS3BucketName", c.request.outputS3BucketName())
        .put("OutputS3KeyPrefix", c.request.outputS3KeyPrefix());
    return n;
  }

  /** GetCommandInvocation's answer for one step. */
  static ObjectNode getInvocation(Invocation inv, String step, long nowMillis) {
    Command c = inv.command;
    ObjectNode n =
        Json.object()
            .put("CommandId", c.id)
            .put("InstanceId", inv.instance.id())
            .put("Comment", c.request.comment())
            .put("DocumentName", c.document.name())
            .put("DocumentVersion", c.request.documentVersion())
            .put("PluginName", step);
    if (isSkipped(inv, step)) {
      String at = OutputText.dateTime(inv.startMillis);
      n.put("ResponseCode", 0)
          .put("ExecutionStartDateTime", at)
          .put("ExecutionElapsedTime", "PT0S")
          .put("ExecutionEndDateTime", at)
          .put("Status", "Success")
          .put("StatusDetails", "Success")
          .put("StandardOutputContent", skippedOutput(step))
          .put("StandardErrorContent", "");
    } else {
      n.put("ResponseCode", inv.responseCode)
          .put("ExecutionStartDateTime", OutputText.dateTime(inv.startMillis))
          .put(
              "ExecutionElapsedTime",
              OutputText.elapsed(
                  inv.startMillis, inv.phase == Phase.DONE ? inv.endMillis : 0, nowMillis))
          .put(
              "ExecutionEndDateTime",
              inv.started() && inv.phase == Phase.DONE ? OutputText.dateTime(inv.endMillis) : "")
          .put("Status", inv.status())
          .put("StatusDetails", inv.statusDetails())
          .put("StandardOutputContent", inv.stdout)
          .put("StandardErrorContent", inv.stderr);
    }
    n.put("StandardOutputUrl", "").put("StandardErrorUrl", "");
    n.set("CloudWatchOutputConfig", c.request.cloudWatchJson().deepCopy());
    return n;
  }

  /** The step that answers when GetCommandInvocation gives no PluginName. */
  static String defaultStep(Invocation inv) {
    String step = inv.command.document.stepFor(inv.instance.platformType());
    return step != null ? step : inv.command.document.steps().get(0);
  }

  /** A step whose platform precondition did not hold on an instance that ran the document. */
  private static boolean isSkipped(Invocation inv, String step) {
    return inv.command.document instanceof RunDocument.PatchBaseline
        && inv.started()
        && !step.equals(inv.command.document.stepFor(inv.instance.platformType()));
  }

  private static String skippedOutput(String step) {
    return "Step execution skipped due to unsatisfied preconditions: '\"StringEquals\": "
        + "[platformType, "
        + RunDocument.PatchBaseline.platformOf(step)
        + "]'. Step name: "
        + step;
  }

  private static String pluginStatus(Invocation inv) {
    return switch (inv.phase) {
      case WAITING, QUEUED, DELAYED, DELIVERING -> "Pending";
      case RUNNING, CANCELLING -> "InProgress";
      case DONE -> inv.ending.pluginStatus;
    };
  }
}
