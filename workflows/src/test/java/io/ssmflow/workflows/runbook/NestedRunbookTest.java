package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.deploy.Approval;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * aws:executeAutomation (a nested runbook as a child workflow), aws:changeInstanceState,
 * aws:createTags, aws:pause resumed, aws:waitForAwsResourceProperty.
 */
class NestedRunbookTest {
  private final RunbookFixture f = new RunbookFixture(1);

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aNestedRunbookRunsAsAChildAndItsOutputsBecomeTheStepsOutput() {
    RunbookDocument child = RunbookFiles.document("tag-and-check.yaml");
    RunbookDocument parent =
        RunbookFiles.read("nested-parent.yaml", Map.of("tag-and-check", child)).document();
    String id = f.fleet.ids().get(0);
    f.apis.parameters.put("/app/owner", "team-a");
    RunbookRequest request =
        new RunbookRequest(
            parent,
            Map.of("tag-and-check", child),
            Map.of("InstanceId", id),
            null,
            null,
            null,
            "tester",
            0,
            null);
    RunbookWorkflow wf = f.start("runbook-nested-1", request);
    for (int i = 0; i < 100 && wf.execution().status() != AutomationStatus.WAITING; i++) {
      f.env.sleep(Duration.ofSeconds(1));
    }
    assertThat(wf.execution().currentStepName()).isEqualTo("pauseForReview");
    assertThat(f.fleet.states.get(id)).isEqualTo("running");
    assertThat(wf.resume(new Approval("tester", "looks fine")))
        .isEqualTo("resumed pauseForReview by tester");

    AutomationExecution e = WorkflowStub.fromTyped(wf).getResult(AutomationExecution.class);
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
    assertThat(e.steps())
        .extracting(StepExecution::stepName)
        .containsExactly("stopIt", "nested", "startIt", "pauseForReview", "waitRunning");
    StepExecution nested = e.steps().get(1);
    assertThat(nested.outputs())
        .containsEntry("ExecutionId", List.of("runbook-nested-1/nested-2"))
        .containsEntry("Status", List.of("Success"))
        .containsEntry("Output", List.of("team-a"));
    assertThat(e.steps().get(0).outputs()).containsEntry("InstanceStates", List.of("stopped"));
    assertThat(f.apis.calls())
        .containsSubsequence(
            "ec2.StopInstances",
            "ec2.CreateTags [" + id + "] {Owner=ops}",
            "ssm.GetParameter",
            "ec2.StartInstances",
            "ec2.DescribeInstances");
    assertThat(e.outputs()).containsEntry("nested.Output", List.of("team-a"));
  }
}
