package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS documentation's own example documents run unchanged
 * (src/test/resources/runbook/aws-docs).
 */
class AwsExamplesWorkflowTest {
  private final RunbookFixture f = new RunbookFixture(2);

  @AfterEach
  void close() {
    f.close();
  }

  private static List<String> names(AutomationExecution e) {
    return e.steps().stream().map(StepExecution::stepName).toList();
  }

  @Test
  void branchOnAStepOutputRunsTheLinuxCommand() {
    RunbookDocument doc = RunbookFiles.document("aws-docs/branch-os-from-output.yaml");
    AutomationExecution e = f.run("runbook-branch-1", RunbookFixture.request(doc, Map.of()));
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
    assertThat(names(e)).containsExactly("GetInstance", "ChooseOSforCommands", "runShellCommand");
    assertThat(f.fleet.scripts(f.fleet.ids().get(0))).containsExactly("ls");
    assertThat(e.parameters()).containsEntry("AutomationAssumeRole", List.of(""));
    assertThat(e.pendingSteps())
        .as("the branches not taken, as SSM lists them")
        .containsExactly("runPowerShellCommand", "Sleep");
  }

  @Test
  void branchOnAParameterRunsTheLinuxCommand() {
    RunbookDocument doc = RunbookFiles.document("aws-docs/branch-os-from-parameter.yaml");
    String linux = f.fleet.ids().get(1);
    AutomationExecution e =
        f.run(
            "runbook-branch-2",
            RunbookFixture.request(
                doc,
                Map.of(
                    "OperatingSystemName",
                    "linux",
                    "LinuxInstanceId",
                    linux,
                    "WindowsInstanceId",
                    "i-0123456789abcdef0")));
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
    assertThat(names(e)).containsExactly("ChooseOS", "runLinuxCommand");
    assertThat(f.fleet.scripts(linux)).containsExactly("ls");
  }

  @Test
  void branchOnAParameterWithNoChoiceTakesTheDefault() {
    RunbookDocument doc = RunbookFiles.document("aws-docs/branch-os-from-parameter.yaml");
    AutomationExecution e =
        f.run(
            "runbook-branch-3",
            RunbookFixture.request(
                doc,
                Map.of(
                    "OperatingSystemName",
                    "plan9",
                    "LinuxInstanceId",
                    "i-1",
                    "WindowsInstanceId",
                    "i-2")));
    assertThat(names(e)).containsExactly("ChooseOS", "Sleep");
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
  }

  @Test
  void theWindowsBranchFailsClearlyOnLinuxInstances() {
    RunbookDocument doc = RunbookFiles.document("aws-docs/branch-os-from-parameter.yaml");
    AutomationExecution e =
        f.run(
            "runbook-branch-4",
            RunbookFixture.request(
                doc,
                Map.of(
                    "OperatingSystemName",
                    "windows",
                    "LinuxInstanceId",
                    "i-1",
                    "WindowsInstanceId",
                    f.fleet.ids().get(0))));
    assertThat(e.status()).isEqualTo(AutomationStatus.FAILED);
    assertThat(e.failureMessage())
        .isEqualTo(
            "Step runWindowsCommand Failed:"
                + " AWS-RunPowerShellScript runs on Windows instances; ssmflow sends AWS-RunShellScript"
                + " and AWS-RunPatchBaseline");
  }

  @Test
  void thePatchInStagesChildRunbookPatchesARunningInstance() {
    RunbookDocument doc = RunbookFiles.document("aws-docs/patch-instance-in-stages.json");
    String id = f.fleet.ids().get(0);
    AutomationExecution e =
        f.run(
            "runbook-patch-1",
            RunbookFixture.request(doc, Map.of("InstanceId", id, "Operation", "Scan")));
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
    assertThat(names(e))
        .containsExactly(
            "getInstanceState",
            "branchOnInstanceState",
            "patchInstance",
            "branchOnOriginalInstanceState");
    assertThat(f.fleet.scripts(id)).containsExactly("AWS-RunPatchBaseline Scan\necho patched");
    assertThat(e.steps().get(0).outputs()).containsEntry("instanceState", List.of("running"));
  }

  @Test
  void thePatchInStagesChildRunbookStartsAStoppedInstanceAndStopsItAgain() {
    RunbookDocument doc = RunbookFiles.document("aws-docs/patch-instance-in-stages.yaml");
    String id = f.fleet.ids().get(1);
    f.fleet.states.put(id, "stopped");
    f.apis.addStateChanges();
    AutomationExecution e =
        f.run("runbook-patch-2", RunbookFixture.request(doc, Map.of("InstanceId", id)));
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
    assertThat(names(e))
        .containsExactly(
            "getInstanceState",
            "branchOnInstanceState",
            "startInstance",
            "verifyInstanceRunning",
            "patchInstance",
            "branchOnOriginalInstanceState",
            "stopInstance");
    assertThat(f.fleet.states.get(id)).isEqualTo("stopped");
    assertThat(f.fleet.scripts(id)).containsExactly("AWS-RunPatchBaseline Install\necho patched");
  }
}
