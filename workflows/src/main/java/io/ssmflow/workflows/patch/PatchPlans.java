package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.fleetrun.RunPlan;
import io.ssmflow.workflows.fleetrun.RunStep;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * What each pass of a patch run sends: the steps of the fleet-run engine for the scan, the health
 * check, the install (restore point, install, validation; undone by a restore and a second
 * validation) and the restore after an alarm. Plans that make or use snapshots are tagged with the
 * run, so its snapshots can be found and deleted (docs/patch.md).
 */
final class PatchPlans {
  static final int HEALTH_TIMEOUT_SECONDS = 300;
  static final int VALIDATION_TIMEOUT_SECONDS = 600;

  /** AWS-RunPatchBaseline's own step timeout (the document's executionTimeout is fixed). */
  static final int PATCH_TIMEOUT_SECONDS = 7_200;

  static final int DELIVERY_TIMEOUT_SECONDS = 600;

  private final PatchRequest request;

  PatchPlans(PatchRequest request) {
    this.request = request;
  }

  /** The pass's name in summaries: "patch Install restore". */
  String label(PatchStep step) {
    return "patch " + request.operation().awsName() + " " + step.label;
  }

  RunPlan scan() {
    return RunPlan.of(
        label(PatchStep.SCAN),
        List.of(
            RunStep.patchBaseline(
                PatchStep.SCAN.label,
                PatchOperation.SCAN.awsName(),
                null,
                null,
                PATCH_TIMEOUT_SECONDS,
                DELIVERY_TIMEOUT_SECONDS)));
  }

  RunPlan health() {
    return RunPlan.of(
        label(PatchStep.HEALTH),
        List.of(
            RunStep.shell(
                PatchStep.HEALTH.label, request.healthCommands(), HEALTH_TIMEOUT_SECONDS)));
  }

  /**
   * Per instance: its restore point right before its own install, then the install (with the run's
   * baseline snapshot id) and the validation; an instance that fails is restored from that point
   * and validated again.
   */
  RunPlan install(String baselineSnapshotId) {
    List<RunStep> steps = new ArrayList<>();
    steps.add(RunStep.snapshot(PatchStep.SNAPSHOT.label));
    steps.add(
        RunStep.patchBaseline(
            PatchStep.INSTALL.label,
            PatchOperation.INSTALL.awsName(),
            request.rebootOption().awsName(),
            baselineSnapshotId,
            PATCH_TIMEOUT_SECONDS,
            DELIVERY_TIMEOUT_SECONDS));
    List<RunStep> undo = new ArrayList<>();
    undo.add(RunStep.restore("restore"));
    if (!request.validationCommands().isEmpty()) {
      steps.add(validation(PatchStep.VALIDATE));
      undo.add(validation(PatchStep.REVALIDATE));
    }
    return tagged(RunPlan.of(label(PatchStep.INSTALL), steps).compensatedBy(undo));
  }

  /** An alarm stopped the run: a patched instance goes back to its restore point, validated. */
  RunPlan restore() {
    List<RunStep> steps = new ArrayList<>();
    steps.add(RunStep.restore(PatchStep.RESTORE.label));
    if (!request.validationCommands().isEmpty()) {
      steps.add(validation(PatchStep.REVALIDATE));
    }
    return tagged(RunPlan.of(label(PatchStep.RESTORE), steps));
  }

  private RunStep validation(PatchStep step) {
    return RunStep.shell(step.label, request.validationCommands(), VALIDATION_TIMEOUT_SECONDS);
  }

  private static RunPlan tagged(RunPlan plan) {
    return plan.taggedWith(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId());
  }
}
