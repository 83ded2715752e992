package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.workflows.deploy.Approval;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * aws:approve as the AWS documentation writes it (automation-action-approve, unchanged): the
 * execution waits, only a listed approver may decide, a rejection fails the step and the run before
 * its command, and who and why are kept.
 */
class ApprovalWorkflowTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/Automation";
  private final RunbookFixture f = new RunbookFixture(1);
  private final RunbookDocument doc = RunbookFiles.document("aws-docs/approve-run-demo.json");

  @AfterEach
  void close() {
    f.close();
  }

  private AutomationExecution waitFor(RunbookWorkflow wf, AutomationStatus status) {
    for (int i = 0; i < 200; i++) {
      AutomationExecution e = wf.execution();
      if (e.status() == status) {
        return e;
      }
      f.env.sleep(java.time.Duration.ofSeconds(1));
    }
    throw new AssertionError("never " + status + ": " + wf.execution());
  }

  @Test
  void aRejectionFailsTheRunBeforeItsCommand() {
    RunbookWorkflow wf =
        f.start(
            "runbook-approve-1",
            RunbookFixture.request(doc, Map.of("message", "ship it?", "assumeRole", ROLE)));
    AutomationExecution waiting = waitFor(wf, AutomationStatus.WAITING);
    assertThat(waiting.steps())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.stepName()).isEqualTo("approve");
              assertThat(s.status()).isEqualTo(AutomationStatus.WAITING);
            });
    assertThat(f.apis.calls())
        .contains("sns.Publish ssmflow runbook approve-run-demo: approval" + " required");

    assertThatThrownBy(() -> wf.reject(new Approval("mallory", "no")))
        .hasStackTraceContaining("mallory is not an approver of step approve");
    assertThat(wf.reject(new Approval("AWS-User-1", "not during the freeze")))
        .isEqualTo("rejected approve by AWS-User-1");

    AutomationExecution e = WorkflowStub.fromTyped(wf).getResult(AutomationExecution.class);
    assertThat(e.status()).isEqualTo(AutomationStatus.FAILED);
    assertThat(e.failureMessage())
        .isEqualTo("Step approve Failed: rejected by AWS-User-1: not" + " during the freeze");
    assertThat(e.steps()).extracting(StepExecution::stepName).containsExactly("approve");
    StepExecution approve = e.steps().get(0);
    assertThat(approve.outputs()).containsEntry("ApprovalStatus", java.util.List.of("Rejected"));
    assertThat(approve.outputs().get("ApproverDecisions"))
        .singleElement()
        .asString()
        .contains("\"Approver\":\"AWS-User-1\"")
        .contains("\"Decision\":\"Reject\"")
        .contains("\"Comment\":\"not during the freeze\"");
    assertThat(e.haltedAt()).isEqualTo("approve");
  }

  @Test
  void anApprovedRunGoesOnToItsWindowsCommandWhichFailsClearly() {
    RunbookWorkflow wf =
        f.start(
            "runbook-approve-3",
            RunbookFixture.request(doc, Map.of("message", "ship it?", "assumeRole", ROLE)));
    waitFor(wf, AutomationStatus.WAITING);
    assertThat(wf.approve(new Approval("AWS-User-1", "go")))
        .isEqualTo("approved approve by AWS-User-1");
    AutomationExecution e = WorkflowStub.fromTyped(wf).getResult(AutomationExecution.class);
    assertThat(e.steps()).extracting(StepExecution::stepName).containsExactly("approve", "run");
    assertThat(e.steps().get(0).outputs())
        .containsEntry("ApprovalStatus", java.util.List.of("Approved"));
    assertThat(e.failureMessage()).contains("AWS-RunPowerShellScript runs on Windows instances");
  }

  @Test
  void anApprovalTimesOutAfterTheStepsTimeout() {
    RunbookWorkflow wf =
        f.start(
            "runbook-approve-2",
            RunbookFixture.request(doc, Map.of("message", "ship it?", "assumeRole", ROLE)));
    AutomationExecution e = WorkflowStub.fromTyped(wf).getResult(AutomationExecution.class);
    assertThat(e.status()).isEqualTo(AutomationStatus.TIMED_OUT);
    StepExecution approve = e.steps().get(0);
    assertThat(approve.status()).isEqualTo(AutomationStatus.TIMED_OUT);
    assertThat(approve.endMillis() - approve.startMillis()).isBetween(1_000_000L, 1_001_000L);
  }
}
