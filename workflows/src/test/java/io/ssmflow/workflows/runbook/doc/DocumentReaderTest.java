package io.ssmflow.workflows.runbook.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.workflows.runbook.RunbookFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading documents: the AWS documentation's own examples, and what is refused and where. */
class DocumentReaderTest {
  @Test
  void theAwsBranchExamplesReadUnchanged() {
    DocumentReader.Result r = RunbookFiles.read("aws-docs/branch-os-from-output.yaml", Map.of());
    RunbookDocument d = r.document();
    assertThat(d.format()).isEqualTo(DocumentFormat.AUTOMATION);
    assertThat(d.steps())
        .extracting(StepSpec::name)
        .containsExactly(
            "GetInstance",
            "ChooseOSforCommands",
            "runShellCommand",
            "runPowerShellCommand",
            "Sleep");
    assertThat(d.step("GetInstance").outputs())
        .extracting(OutputSpec::name)
        .containsExactly("myInstance", "platform");
    assertThat(r.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.location())
                  .isEqualTo("mainSteps[3] (runPowerShellCommand).inputs" + ".DocumentName");
              assertThat(w.message()).contains("Windows instances only");
            });
    assertThat(
            RunbookFiles.document("aws-docs/branch-os-from-parameter.yaml")
                .parameter("OperatingSystemName")
                .type())
        .isEqualTo(ParamType.STRING);
  }

  @Test
  void theAwsApproveAndPatchExamplesReadUnchangedInBothFormats() {
    for (String f :
        List.of(
            "approve-run-demo.yaml",
            "approve-run-demo.json",
            "patch-instance-in-stages.yaml",
            "patch-instance-in-stages.json")) {
      RunbookDocument d = RunbookFiles.document("aws-docs/" + f);
      assertThat(d.steps()).as(f).isNotEmpty();
    }
    RunbookDocument patch = RunbookFiles.document("aws-docs/patch-instance-in-stages.json");
    assertThat(patch.step("getInstanceState").inputs())
        .as("JSON null means not given")
        .doesNotContainKey("inputs");
    assertThat(patch.step("branchOnInstanceState").end()).isTrue();
  }

  @Test
  void anExampleWithExecuteScriptIsRefusedAtItsStep() {
    assertThatThrownBy(
            () -> RunbookFiles.document("aws-docs/restore-root-volume-with-script" + ".yaml"))
        .isInstanceOf(DocumentException.class)
        .hasMessageStartingWith(
            "mainSteps[2] (getSnapshotsByStartTime).action: aws:executeScript"
                + " runs Python or PowerShell");
  }

  @Test
  void anExampleCallingAnOperationOutsideTheAllowListIsRefused() {
    assertThatThrownBy(() -> RunbookFiles.document("aws-docs/launch-instance-from-image.yaml"))
        .hasMessageStartingWith(
            "mainSteps[1] (launchOneInstance).inputs.Api: Api RunInstances"
                + " is not an allowed ec2 operation");
  }

  @Test
  void anOrchestrationReadsItsGraph() {
    RunbookDocument d = RunbookFiles.document("diamond.yaml");
    assertThat(d.format()).isEqualTo(DocumentFormat.ORCHESTRATION);
    assertThat(d.step("join").dependsOn()).containsExactly("left", "right");
    assertThat(d.step("join").maxAttempts()).isEqualTo(2);
    assertThat(d.step("left").timeoutSeconds()).isEqualTo(300);
    assertThat(d.step("prepare").rollback().action()).isEqualTo("aws:executeAwsApi");
  }

  @Test
  void everyProblemIsCollectedTheFirstInTheMessage() {
    Map<String, Object> doc =
        Map.of(
            "schemaVersion",
            "0.3",
            "mainSteps",
            List.of(
                Map.of("name", "a", "action", "aws:sleep", "inputs", Map.of("Duration", "10s")),
                Map.of(
                    "name",
                    "b",
                    "action",
                    "aws:sleep",
                    "inputs",
                    Map.of("Duration", "PT1S"),
                    "nextStep",
                    "c")));
    assertThatThrownBy(() -> DocumentReader.read("x", doc, null, null))
        .isInstanceOfSatisfying(
            DocumentException.class,
            e -> {
              assertThat(e.problems()).hasSize(2);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "mainSteps[0] (a).inputs.Duration: Duration 10s"
                          + " is not an ISO 8601 duration such as PT10S or PT2H (and 1 more problem)");
              assertThat(e.problems().get(1).toString())
                  .isEqualTo(
                      "mainSteps[1] (b).nextStep:"
                          + " nextStep names step c, which does not exist");
            });
  }

  @Test
  void anUnconditionalLoopIsRefusedWithItsTrace() {
    Map<String, Object> doc =
        Map.of(
            "schemaVersion",
            "0.3",
            "mainSteps",
            List.of(
                Map.of("name", "a", "action", "aws:sleep", "inputs", Map.of("Duration", "PT1S")),
                Map.of(
                    "name",
                    "b",
                    "action",
                    "aws:sleep",
                    "inputs",
                    Map.of("Duration", "PT1S"),
                    "nextStep",
                    "a")));
    assertThatThrownBy(() -> DocumentReader.read("x", doc, null, null))
        .hasMessage("mainSteps[0] (a): infinite loop: a -> b -> a (add a branch or isEnd)");
  }

  @Test
  void anOrchestrationStepMaySeeOnlyItsDependenciesOutputs() {
    Map<String, Object> doc =
        Map.of(
            "steps",
            List.of(
                Map.of(
                    "name",
                    "read",
                    "action",
                    "aws:executeAwsApi",
                    "inputs",
                    Map.of("Service", "ssm", "Api", "GetParameter", "Name", "/x"),
                    "outputs",
                    List.of(
                        Map.of("Name", "v", "Selector", "$.Parameter.Value", "Type", "String"))),
                Map.of(
                    "name",
                    "use",
                    "action",
                    "aws:sleep",
                    "inputs",
                    Map.of("Duration", "{{ read.v }}"))));
    assertThatThrownBy(() -> DocumentReader.read("x", doc, null, null))
        .hasMessageContaining(
            "steps[1] (use).inputs.Duration: {{ read.v }}: step read is not a"
                + " dependency of use");
  }
}
