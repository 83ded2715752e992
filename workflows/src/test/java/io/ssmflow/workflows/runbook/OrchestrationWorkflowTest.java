package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An orchestration (diamond.yaml: prepare, then left and right in parallel, then join): the graph
 * runs with independent steps in parallel; a failure at the join runs the rollbacks of both
 * branches, then the first step's, in reverse dependency order.
 */
class OrchestrationWorkflowTest {
  private final RunbookFixture f = new RunbookFixture(2);
  private final RunbookDocument doc = RunbookFiles.document("diamond.yaml");

  @AfterEach
  void close() {
    f.close();
  }

  private static StepExecution step(AutomationExecution e, String name) {
    return e.steps().stream().filter(s -> s.stepName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aDiamondRunsItsIndependentStepsInParallel() {
    AutomationExecution e =
        f.run(
            "runbook-diamond-1", RunbookFixture.request(doc, Map.of("InstanceIds", f.fleet.ids())));
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
    assertThat(e.steps())
        .extracting(StepExecution::stepName)
        .containsExactlyInAnyOrder("prepare", "left", "right", "join");
    StepExecution left = step(e, "left");
    StepExecution right = step(e, "right");
    StepExecution join = step(e, "join");
    assertThat(left.startMillis())
        .as("both start when prepare ends")
        .isEqualTo(right.startMillis());
    assertThat(left.endMillis())
        .as("left ends while right still sleeps")
        .isLessThan(right.endMillis());
    assertThat(Duration.ofMillis(right.endMillis() - right.startMillis()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(join.startMillis()).isGreaterThanOrEqualTo(right.endMillis());
    assertThat(left.validNextSteps()).containsExactly("join");
    assertThat(e.outputs()).containsEntry("left.Output", List.of("update left\n"));
    assertThat(f.apis.parameters).containsEntry("/app/release", "green");
  }

  @Test
  void aFailureAtTheJoinRollsBackBothBranchesThenTheFirstStep() {
    AutomationExecution e =
        f.run(
            "runbook-diamond-2",
            RunbookFixture.request(doc, Map.of("InstanceIds", f.fleet.ids(), "JoinExitCode", 1)));
    assertThat(e.status()).isEqualTo(AutomationStatus.FAILED);
    assertThat(e.haltedAt()).isEqualTo("join");
    StepExecution join = step(e, "join");
    assertThat(join.attempts()).as("retries: 1").isEqualTo(2);
    assertThat(join.status()).isEqualTo(AutomationStatus.FAILED);
    List<String> names = e.steps().stream().map(StepExecution::stepName).toList();
    assertThat(names.subList(4, 7))
        .containsExactlyInAnyOrder("rollback:left", "rollback:right", "rollback:prepare");
    assertThat(names.get(6)).isEqualTo("rollback:prepare");
    StepExecution undoPrepare = step(e, "rollback:prepare");
    assertThat(undoPrepare.startMillis())
        .isGreaterThanOrEqualTo(step(e, "rollback:left").endMillis())
        .isGreaterThanOrEqualTo(step(e, "rollback:right").endMillis());
    for (String id : f.fleet.ids()) {
      assertThat(f.fleet.scripts(id))
          .containsExactly(
              "echo update left",
              "echo switch traffic\nexit 1",
              "echo switch traffic\nexit 1",
              "echo undo left");
    }
    assertThat(f.apis.parameters).doesNotContainKey("/app/release");
    assertThat(e.failureMessage())
        .startsWith("Step join Failed: ")
        .endsWith("; rolled back left, right, prepare");
  }

  @Test
  void aFailedValidationFailsTheStep() {
    f.apis.parameters.put("/app/release", "blue");
    RunbookDocument noPrepare = RunbookFiles.document("validated.yaml");
    AutomationExecution e =
        f.run(
            "runbook-validated-1",
            RunbookFixture.request(noPrepare, Map.of("InstanceIds", f.fleet.ids())));
    assertThat(e.status()).isEqualTo(AutomationStatus.FAILED);
    assertThat(e.failureMessage())
        .contains(
            "validation aws:assertAwsResourceProperty failed:"
                + " $.Parameter.Value is 'blue', not one of [\"green\"]");
  }

  @Test
  void aCancelStopsTheGraphAndRollsBackWhatCompleted() {
    RunbookWorkflow wf =
        f.start(
            "runbook-diamond-3", RunbookFixture.request(doc, Map.of("InstanceIds", f.fleet.ids())));
    for (int i = 0;
        i < 100
            && wf.execution().steps().stream()
                .noneMatch(
                    s -> s.stepName().equals("left") && s.status() == AutomationStatus.SUCCESS);
        i++) {
      f.env.sleep(Duration.ofSeconds(1));
    }
    WorkflowStub.fromTyped(wf).cancel();
    for (int i = 0; i < 100 && wf.execution().status() != AutomationStatus.CANCELLED; i++) {
      f.env.sleep(Duration.ofSeconds(1));
    }
    AutomationExecution e = wf.execution();
    assertThat(e.status()).isEqualTo(AutomationStatus.CANCELLED);
    assertThat(step(e, "right").status()).isEqualTo(AutomationStatus.CANCELLED);
    assertThat(e.steps())
        .extracting(StepExecution::stepName)
        .doesNotContain("join", "rollback:right")
        .contains("rollback:left", "rollback:prepare");
  }
}
