package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.ssmflow.workflows.window.MaintenanceWindowRequest;
import io.ssmflow.workflows.window.MaintenanceWindowResult;
import io.ssmflow.workflows.window.MaintenanceWindowWorkflow;
import io.ssmflow.workflows.window.TaskStatus;
import io.ssmflow.workflows.window.WindowOperation;
import io.ssmflow.workflows.window.WindowTask;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A runbook as a maintenance window task: a child of the window run, under its cutoff. */
class RunbookWindowTaskTest {
  private final RunbookFixture f = new RunbookFixture(2);

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aRunbookRunsAsAWindowTask() {
    RunbookDocument doc = RunbookFiles.document("restart-service.yaml");
    WindowTask task =
        WindowTask.runbook(
            "1-runbook", 0, RunbookFixture.request(doc, Map.of("InstanceIds", f.fleet.ids())));
    assertThat(task.operation()).isEqualTo(WindowOperation.RUNBOOK);
    long start = f.env.currentTimeMillis();
    MaintenanceWindowRequest request =
        new MaintenanceWindowRequest(
            "nightly", start, Duration.ofHours(2), Duration.ofHours(1), null, null, List.of(task));
    MaintenanceWindowWorkflow wf =
        f.client.newWorkflowStub(
            MaintenanceWindowWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("window-nightly")
                .setTaskQueue(TaskQueues.DEFAULT)
                .build());
    MaintenanceWindowResult r = wf.run(request);
    assertThat(r.tasks())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
              assertThat(t.workflowId()).isEqualTo("window-nightly/1-runbook");
              assertThat(t.message()).isEqualTo("Success");
            });
    assertThat(f.apis.parameters).containsKey("/runbooks/nginx/last-restart");
  }

  @Test
  void theWindowsCutoffStopsTheRunbookBeforeItsNextStep() {
    RunbookDocument doc = RunbookFiles.document("restart-service.yaml");
    RunbookRequest r =
        RunbookFixture.request(doc, Map.of("InstanceIds", f.fleet.ids()))
            .withLaunchCutoff(f.env.currentTimeMillis() + 5_000);
    AutomationExecution e = f.run("runbook-cutoff-1", r);
    assertThat(e.status()).isEqualTo(AutomationStatus.FAILED);
    assertThat(e.failureMessage())
        .contains("the maintenance window's cutoff passed before the" + " step started");
    assertThat(e.steps())
        .extracting(StepExecution::stepName)
        .containsExactly("describe", "stop", "wait", "start", "startAgain");
    assertThat(e.steps().get(3).failureMessage())
        .isEqualTo("the maintenance window's cutoff" + " passed before the step started");
  }
}
