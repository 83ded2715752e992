package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An Automation document end to end under time skipping: a StringList parameter, runCommand steps
 * through the fleet-run engine, aws:sleep PT10S, onFailure step:X, a branch on a runCommand's
 * Output, and an executeAwsApi Selector output used by later steps.
 */
class AutomationWorkflowTest {
  private final RunbookFixture f = new RunbookFixture(3);
  private final RunbookDocument doc = RunbookFiles.document("restart-service.yaml");

  @AfterEach
  void close() {
    f.close();
  }

  private static StepExecution step(AutomationExecution e, String name) {
    return e.steps().stream().filter(s -> s.stepName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void everyStepRunsAndTheSelectorOutputReachesLaterSteps() {
    AutomationExecution e =
        f.run(
            "runbook-restart-1", RunbookFixture.request(doc, Map.of("InstanceIds", f.fleet.ids())));
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
    assertThat(e.steps())
        .extracting(StepExecution::stepName)
        .containsExactly("describe", "stop", "wait", "start", "check", "decide", "record");
    assertThat(step(e, "describe").outputs())
        .containsEntry("platform", List.of("Linux"))
        .containsEntry("pingStatuses", List.of("Online", "Online", "Online"));
    for (String id : f.fleet.ids()) {
      assertThat(f.fleet.scripts(id))
          .as(id)
          .containsExactly(
              "echo stopping nginx on Linux", "echo starting nginx\nexit 0", "echo active");
    }
    assertThat(f.apis.parameters.get("/runbooks/nginx/last-restart"))
        .matches("\\d{4}-\\d\\d-\\d\\d_\\d\\d\\.\\d\\d\\.\\d\\d on Linux");
    assertThat(e.outputs())
        .containsEntry("check.Output", List.of("active\n"))
        .containsEntry("describe.platform", List.of("Linux"));
    assertThat(e.parameters())
        .containsEntry("InstanceIds", f.fleet.ids())
        .containsEntry("ServiceName", List.of("nginx"));
  }

  @Test
  void theSleepIsADurableTimerOfTenSeconds() {
    AutomationExecution e =
        f.run(
            "runbook-restart-2", RunbookFixture.request(doc, Map.of("InstanceIds", f.fleet.ids())));
    StepExecution wait = step(e, "wait");
    assertThat(Duration.ofMillis(wait.endMillis() - wait.startMillis()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(10))
        .isLessThan(Duration.ofSeconds(11));
    assertThat(wait.inputs()).containsEntry("Duration", "\"PT10S\"");
  }

  @Test
  void aFailedNonCriticalStepGoesToItsOnFailureStepAndTheRunSucceeds() {
    AutomationExecution e =
        f.run(
            "runbook-restart-3",
            RunbookFixture.request(doc, Map.of("InstanceIds", f.fleet.ids(), "StartExitCode", 1)));
    assertThat(e.steps())
        .extracting(StepExecution::stepName)
        .containsExactly(
            "describe", "stop", "wait", "start", "startAgain", "check", "decide", "record");
    StepExecution start = step(e, "start");
    assertThat(start.status()).isEqualTo(AutomationStatus.FAILED);
    assertThat(start.outputs())
        .containsEntry("Status", List.of("Failed"))
        .containsEntry("ResponseCode", List.of("1"));
    assertThat(start.failureMessage()).contains("3 of 3 instances failed, more than MaxErrors 0");
    assertThat(start.critical()).isFalse();
    assertThat(e.status()).isEqualTo(AutomationStatus.SUCCESS);
  }

  @Test
  void theBranchFollowsTheCommandsOutput() {
    AutomationExecution e =
        f.run(
            "runbook-restart-4", RunbookFixture.request(doc, Map.of("InstanceIds", f.fleet.ids())));
    StepExecution decide = step(e, "decide");
    assertThat(decide.nextStep()).isEqualTo("record");
    assertThat(decide.validNextSteps()).containsExactly("record", "alarm");
    assertThat(f.apis.calls()).contains("ssm.PutParameter").doesNotContain("sns.Publish");
  }

  @Test
  void aCommandOnOneInstanceGivesItsCommandIdAndOutput() {
    AutomationExecution e =
        f.run(
            "runbook-restart-5",
            RunbookFixture.request(doc, Map.of("InstanceIds", List.of(f.fleet.ids().get(0)))));
    StepExecution check = step(e, "check");
    assertThat(check.outputs().get("CommandId")).singleElement().asString().startsWith("cmd-");
    assertThat(check.outputs())
        .containsEntry("Status", List.of("Success"))
        .containsEntry("ResponseCode", List.of("0"))
        .containsEntry("Output", List.of("active\n"));
  }
}
