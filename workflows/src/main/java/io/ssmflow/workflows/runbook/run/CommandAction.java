package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.fleetrun.RunStep;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.ssmflow.workflows.runbook.RunCommandOutcome;
import io.ssmflow.workflows.runbook.RunCommandRequest;
import io.ssmflow.workflows.runbook.RunCommandWorkflow;
import io.ssmflow.workflows.runbook.RunbookRequest;
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
import java.util.regex.Pattern;

/**
 * aws:runCommand: renders the step into a {@link RunCommandRequest} and runs it as a {@link
 * RunCommandWorkflow} child, which sends the command through the fleet-run engine under the step's
 * MaxConcurrency and MaxErrors.
 */
final class CommandAction {
  static final String SHELL = "AWS-RunShellScript";
  static final String PATCH = "AWS-RunPatchBaseline";
  static final String POWERSHELL = "AWS-RunPowerShellScript";

  /** SSM's executionTimeout default for AWS-RunShellScript. */
  static final int DEFAULT_EXECUTION_TIMEOUT = 3_600;

  /** AWS-RunPatchBaseline runs long: its bound when the step gives no timeout. */
  static final int DEFAULT_PATCH_TIMEOUT = 7_200;

  /** The most of the first instance's output the step keeps (its Output). */
  static final int OUTPUT_CHARS = 2_500;

  private static final Pattern INSTANCE_ID = Pattern.compile("(i|mi)-[0-9a-f]{8,17}");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final int MAX_TARGET_SPECS = 20;

  private final RunbookRequest request;

  CommandAction(RunbookRequest request) {
    this.request = request;
  }

  ActionResult run(StepCall call) {
    RunCommandRequest r;
    try {
      r = render(call);
    } catch (IllegalArgumentException e) {
      return ActionResult.failed(e.getMessage());
    }
    String id = Workflow.getInfo().getWorkflowId() + "/" + call.childName();
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .setStaticSummary(
                "aws:runCommand "
                    + call.stepName()
                    + ": "
                    + (r.patch() ? PATCH : SHELL)
                    + " on "
                    + describe(r.targets()));
    if (Workflow.getTypedSearchAttributes().size() > 0) {
      options.setTypedSearchAttributes(Workflow.getTypedSearchAttributes());
    }
    RunCommandWorkflow child =
        Workflow.newChildWorkflowStub(RunCommandWorkflow.class, options.build());
    RunCommandOutcome o;
    try {
      o = child.run(r);
    } catch (ChildWorkflowFailure e) {
      if (e.getCause() instanceof CanceledFailure c) {
        throw c;
      }
      return ActionResult.failed(
          "the command's workflow " + id + " failed: " + Failures.message(e));
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    if (o.commandId() != null) {
      outputs.put("CommandId", o.commandId());
    }
    outputs.put("Status", o.commandStatus());
    outputs.put("ResponseCode", o.responseCode());
    outputs.put("Output", o.output() == null ? "" : o.output());
    return switch (o.status()) {
      case "Success" -> ActionResult.ok(outputs);
      case "TimedOut" ->
          new ActionResult(
              io.ssmflow.workflows.runbook.AutomationStatus.TIMED_OUT, outputs, o.message(), null);
      default -> ActionResult.failed(o.message(), outputs);
    };
  }

  private RunCommandRequest render(StepCall call) {
    Map<String, Object> in = call.inputs();
    String doc = Inputs.text(in, "DocumentName");
    if (doc.equals(POWERSHELL)) {
      throw new IllegalArgumentException(
          POWERSHELL + " runs on Windows instances; ssmflow" + " sends " + SHELL + " and " + PATCH);
    }
    if (!doc.equals(SHELL) && !doc.equals(PATCH)) {
      throw new IllegalArgumentException(
          "DocumentName "
              + doc
              + " is not a command document"
              + " ssmflow sends ("
              + SHELL
              + ", "
              + PATCH
              + ")");
    }
    boolean patch = doc.equals(PATCH);
    Map<String, Object> params = Inputs.map(in, "Parameters");
    String concurrency = Inputs.text(in, "MaxConcurrency", request.maxConcurrency());
    String errors = Inputs.text(in, "MaxErrors", request.maxErrors());
    RateLimit.maxConcurrency(concurrency);
    RateLimit.maxErrors(errors);
    int delivery = Inputs.integer(in, "TimeoutSeconds", RunStep.DEFAULT_DELIVERY_TIMEOUT_SECONDS);
    List<String> commands = List.of();
    int execution;
    String operation = null;
    String reboot = null;
    String snapshot = null;
    if (patch) {
      operation = Inputs.text(params, "Operation");
      reboot = Inputs.text(params, "RebootOption", null);
      snapshot = Inputs.text(params, "SnapshotId", "");
      if (snapshot.isBlank()) {
        snapshot = null;
      } else if (!GUID.matcher(snapshot).matches()) {
        throw new IllegalArgumentException("SnapshotId must be a GUID, not '" + snapshot + "'");
      }
      execution = call.timeoutSeconds() > 0 ? call.timeoutSeconds() : DEFAULT_PATCH_TIMEOUT;
    } else {
      commands = commands(params);
      execution = Inputs.integer(params, "executionTimeout", DEFAULT_EXECUTION_TIMEOUT);
      if (call.timeoutSeconds() > 0) {
        execution = Math.min(execution, call.timeoutSeconds());
      }
    }
    String comment = Inputs.text(in, "Comment", null);
    String label =
        comment != null && !comment.isBlank()
            ? Values.clip(comment, 60)
            : "runbook " + request.document().name();
    return new RunCommandRequest(
        call.stepName(),
        label,
        patch,
        commands,
        execution,
        delivery,
        operation,
        reboot,
        snapshot,
        targets(in),
        concurrency,
        errors,
        call.deadlineMillis(),
        OUTPUT_CHARS);
  }

  private static List<String> commands(Map<String, Object> params) {
    Object raw = params.get("commands");
    List<String> lines = raw instanceof String s ? List.of(s) : Inputs.strings(params, "commands");
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("Parameters.commands is empty");
    }
    if (params.containsKey("workingDirectory")) {
      String dir = Inputs.text(params, "workingDirectory");
      if (!dir.isBlank()) {
        List<String> out = new ArrayList<>();
        out.add("cd -- '" + dir.replace("'", "'\\''") + "' || exit 1");
        out.addAll(lines);
        return out;
      }
    }
    return lines;
  }

  /** InstanceIds, or Targets (InstanceIds or tag:NAME keys; several values: any of them). */
  private static List<TargetSpec> targets(Map<String, Object> in) {
    if (in.containsKey("InstanceIds")) {
      List<String> ids = new ArrayList<>();
      for (String id : Inputs.strings(in, "InstanceIds")) {
        if (!INSTANCE_ID.matcher(id.trim()).matches()) {
          throw new IllegalArgumentException("InstanceIds: '" + id + "' is not an instance id");
        }
        if (!ids.contains(id.trim())) {
          ids.add(id.trim());
        }
      }
      if (ids.isEmpty()) {
        throw new IllegalArgumentException("InstanceIds is empty");
      }
      return List.of(TargetSpec.ofInstances(ids));
    }
    List<TargetSpec> specs = new ArrayList<>();
    specs.add(TargetSpec.ofTags(Map.of()));
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> t : Inputs.maps(in, "Targets")) {
      String key = Inputs.text(t, "Key");
      List<String> values = Inputs.strings(t, "Values");
      if (key.equals("InstanceIds")) {
        for (String id : values) {
          if (!INSTANCE_ID.matcher(id.trim()).matches()) {
            throw new IllegalArgumentException("Targets: '" + id + "' is not an instance id");
          }
          ids.add(id.trim());
        }
        continue;
      }
      if (!key.startsWith("tag:") || values.isEmpty()) {
        throw new IllegalArgumentException(
            "Targets: Key " + key + " is not InstanceIds or" + " tag:NAME with values");
      }
      List<TargetSpec> next = new ArrayList<>();
      for (TargetSpec s : specs) {
        for (String v : values) {
          Map<String, String> tags = new LinkedHashMap<>(s.tags());
          tags.put(key.substring(4), v);
          next.add(TargetSpec.ofTags(tags));
        }
      }
      if (next.size() > MAX_TARGET_SPECS) {
        throw new IllegalArgumentException(
            "Targets: more than " + MAX_TARGET_SPECS + " combinations of tag values");
      }
      specs = next;
    }
    if (!ids.isEmpty()) {
      if (!specs.get(0).tags().isEmpty()) {
        throw new IllegalArgumentException("Targets: give InstanceIds or tags, not both");
      }
      return List.of(TargetSpec.ofInstances(ids));
    }
    return specs;
  }

  private static String describe(List<TargetSpec> targets) {
    List<String> parts = new ArrayList<>();
    for (TargetSpec t : targets) {
      parts.add(t.describe());
    }
    return Values.clip(String.join(" or ", parts), 120);
  }
}
