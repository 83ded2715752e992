package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.fleetrun.FleetRun;
import io.ssmflow.workflows.fleetrun.FleetRunSpec;
import io.ssmflow.workflows.fleetrun.InstanceResult;
import io.ssmflow.workflows.fleetrun.RunPlan;
import io.ssmflow.workflows.fleetrun.RunState;
import io.ssmflow.workflows.fleetrun.RunStep;
import io.ssmflow.workflows.fleetrun.StepRun;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.ssmflow.workflows.runbook.CommandOutput;
import io.ssmflow.workflows.runbook.InstanceOutcome;
import io.ssmflow.workflows.runbook.RunCommandOutcome;
import io.ssmflow.workflows.runbook.RunCommandRequest;
import io.ssmflow.workflows.runbook.RunCommandWorkflow;
import io.ssmflow.workflows.runbook.RunbookActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;

/**
 * One aws:runCommand step: resolve the targets (running instances with an Online agent; the others
 * are reported skipped), run the command through the fleet-run engine under the step's
 * MaxConcurrency and MaxErrors, and read the first instance's output. A cancel stops launching and
 * lets the instances in flight finish.
 */
public class RunCommandWorkflowImpl implements RunCommandWorkflow {
  static final int MAX_INSTANCES_LISTED = 50;
  private static final Logger log = Workflow.getLogger(RunCommandWorkflowImpl.class);

  @Override
  public RunCommandOutcome run(RunCommandRequest r) {
    Map<String, String> skipped = new TreeMap<>();
    TreeSet<String> eligible = new TreeSet<>();
    FleetActivities fleet =
        Workflow.newActivityStub(
            FleetActivities.class,
            RunbookActivityOptions.call("resolve targets of " + r.stepName()));
    for (TargetSpec t : r.targets()) {
      ResolvedTargets resolved = fleet.resolveTargets(t);
      eligible.addAll(resolved.eligible());
      for (SkippedInstance s : resolved.skipped()) {
        skipped.putIfAbsent(s.instanceId(), s.reason());
      }
    }
    skipped.keySet().removeAll(eligible);
    List<InstanceOutcome> listed = new ArrayList<>();
    skipped.forEach((id, why) -> listed.add(new InstanceOutcome(id, "Skipped", why)));
    if (eligible.isEmpty()) {
      return new RunCommandOutcome(
          "Failed",
          "no eligible instance (running, SSM agent Online)"
              + " among the targets; "
              + skipped.size()
              + " skipped",
          null,
          "Failed",
          -1,
          "",
          0,
          0,
          0,
          listed);
    }
    List<String> ids = new ArrayList<>(eligible);
    int concurrency = RateLimit.maxConcurrency(r.maxConcurrency()).concurrencyFor(ids.size());
    int threshold = RateLimit.maxErrors(r.maxErrors()).errorThresholdFor(ids.size());
    RunStep step =
        r.patch()
            ? RunStep.patchBaseline(
                r.stepName(),
                r.patchOperation(),
                r.rebootOption(),
                r.snapshotId(),
                r.executionTimeoutSeconds(),
                r.deliveryTimeoutSeconds())
            : RunStep.shell(r.stepName(), r.commands(), r.executionTimeoutSeconds())
                .withDeliveryTimeout(r.deliveryTimeoutSeconds());
    RunPlan plan = new RunPlan(r.label(), List.of(step), List.of(), false, true, null, null);
    FleetRunSpec spec =
        FleetRunSpec.newBuilder(plan, ids)
            .concurrency(concurrency)
            .errorThreshold(threshold)
            .launchCutoffMillis(r.launchCutoffMillis())
            .childPrefix(r.stepName())
            .summary(
                "aws:runCommand "
                    + r.stepName()
                    + " ("
                    + (r.patch()
                        ? "AWS-RunPatchBaseline " + r.patchOperation()
                        : "AWS-RunShellScript")
                    + ")")
            .build();
    FleetRun runs = new FleetRun();
    FleetRun.Result result;
    try {
      result = runs.run(spec);
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(() -> runs.drain("cancelled")).run();
      throw e;
    }
    return outcome(r, result, ids.size(), threshold, listed);
  }

  private RunCommandOutcome outcome(
      RunCommandRequest r,
      FleetRun.Result result,
      int targets,
      int threshold,
      List<InstanceOutcome> listed) {
    int succeeded = 0;
    String commandId = null;
    String firstInstance = null;
    boolean anyRan = false;
    for (InstanceResult i : result.instances().values()) {
      StepRun last = i.runs().isEmpty() ? null : i.runs().get(i.runs().size() - 1);
      if (last != null && commandId == null) {
        commandId = last.commandId();
        firstInstance = i.instanceId();
      }
      anyRan |=
          last != null
              && last.status() != InvocationStatus.DELIVERY_TIMED_OUT
              && last.status() != InvocationStatus.UNDELIVERABLE;
      if (i.state() == RunState.SUCCEEDED) {
        succeeded++;
      } else if (listed.size() < MAX_INSTANCES_LISTED) {
        listed.add(
            new InstanceOutcome(
                i.instanceId(), last == null ? "Skipped" : ssmStatus(last.status()), i.reason()));
      }
    }
    int errors = result.errors();
    String status;
    String message;
    if (FleetRunSpec.CUTOFF.equals(result.stopReason())) {
      status = "TimedOut";
      message =
          "the step's time ran out before "
              + (targets - succeeded - errors)
              + " instance(s) started";
    } else if (errors > threshold) {
      status = "Failed";
      message =
          errors
              + " of "
              + targets
              + " instances failed, more than MaxErrors "
              + r.maxErrors()
              + firstProblem(listed);
    } else if (!anyRan) {
      status = "Failed";
      message = "the command reached no instance" + firstProblem(listed);
    } else {
      status = "Success";
      message =
          succeeded
              + " of "
              + targets
              + " instances succeeded"
              + (errors == 0 ? "" : ", " + errors + " failed within MaxErrors " + r.maxErrors());
    }
    int code = -1;
    String output = "";
    if (commandId != null) {
      try {
        CommandOutput o =
            Workflow.newActivityStub(
                    RunbookActivities.class,
                    RunbookActivityOptions.call("output of " + commandId + " on " + firstInstance))
                .commandOutput(commandId, firstInstance, r.outputChars());
        code = o.responseCode();
        output = o.output();
      } catch (ActivityFailure e) {
        log.warn("output of {} on {} not read: {}", commandId, firstInstance, Failures.message(e));
      }
    }
    return new RunCommandOutcome(
        status, message, commandId, status, code, output, targets, succeeded, errors, listed);
  }

  private static String firstProblem(List<InstanceOutcome> listed) {
    InstanceOutcome first =
        listed.stream()
            .filter(i -> !i.status().equals("Skipped"))
            .findFirst()
            .orElse(listed.isEmpty() ? null : listed.get(0));
    return first == null
        ? ""
        : " ("
            + first.instanceId()
            + " "
            + first.status()
            + (first.reason() == null ? "" : ": " + first.reason())
            + ")";
  }

  static String ssmStatus(InvocationStatus s) {
    return switch (s) {
      case SUCCESS -> "Success";
      case FAILED -> "Failed";
      case TIMED_OUT -> "TimedOut";
      case DELIVERY_TIMED_OUT -> "DeliveryTimedOut";
      case UNDELIVERABLE -> "Undeliverable";
      case CANCELLED -> "Cancelled";
    };
  }
}
