package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cancel runs the step's onCancel; a redrive starts again at the failed step. */
class CancelAndRedriveTest {
  private final RunbookFixture f = new RunbookFixture(2);

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aCancelRunsTheOnCancelStepAndEndsCancelled() {
    RunbookDocument doc = RunbookFiles.document("cancel-cleanup.yaml");
    f.apis.parameters.put("/app/lock", "held");
    RunbookWorkflow wf = f.start("runbook-cancel-1", RunbookFixture.request(doc, Map.of()));
    f.env.sleep(Duration.ofMinutes(5));
    WorkflowStub.fromTyped(wf).cancel();
    for (int i = 0; i < 100 && wf.execution().status() != AutomationStatus.CANCELLED; i++) {
      f.env.sleep(Duration.ofSeconds(1));
    }
    AutomationExecution e = wf.execution();
    assertThat(e.status()).isEqualTo(AutomationStatus.CANCELLED);
    assertThat(e.steps())
        .extracting(StepExecution::stepName, StepExecution::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("longWait", AutomationStatus.CANCELLED),
            org.assertj.core.groups.Tuple.tuple("cleanup", AutomationStatus.SUCCESS));
    assertThat(f.apis.parameters).doesNotContainKey("/app/lock");
    assertThat(e.haltedAt()).isEqualTo("longWait");
  }

  @Test
  void aRedriveStartsAtTheFailedStepWithTheEarlierOutputs() {
    RunbookDocument doc = RunbookFiles.document("redrive.yaml");
    AutomationExecution failed = f.run("runbook-redrive-1", RunbookFixture.request(doc, Map.of()));
    assertThat(failed.status()).isEqualTo(AutomationStatus.FAILED);
    assertThat(failed.haltedAt()).isEqualTo("useIt");
    assertThat(failed.failureMessage()).contains("ParameterNotFound: /app/missing");

    RunbookWorkflow before = f.client.newWorkflowStub(RunbookWorkflow.class, "runbook-redrive-1");
    Redrive state = before.redrive();
    assertThat(state.fromStep()).isEqualTo("useIt");
    assertThat(state.outputs()).containsEntry("readIt", Map.of("value", "1"));

    f.apis.parameters.put("/app/missing", "now here");
    RunbookRequest again = before.request().redriven(state);
    RunbookWorkflow wf =
        f.client.newWorkflowStub(
            RunbookWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("runbook-redrive-1")
                .setTaskQueue("ssmflow")
                .build());
    WorkflowClient.start(wf::run, again);
    AutomationExecution e = WorkflowStub.fromTyped(wf).getResult(AutomationExecution.class);
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
    assertThat(e.redriveCount()).isEqualTo(1);
    assertThat(e.steps())
        .extracting(StepExecution::stepName)
        .containsExactly("readIt", "useIt", "useIt", "last");
    assertThat(e.steps().get(0).redriven()).isTrue();
    assertThat(e.steps().get(2).redriven()).isFalse();
    assertThat(f.apis.parameters).containsEntry("/app/copy", "1 now here");
  }
}
