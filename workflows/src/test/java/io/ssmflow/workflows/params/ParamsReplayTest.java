package io.ssmflow.workflows.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import io.ssmflow.workflows.deploy.Approval;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories of a push whose last write fails (plan, writes, saga compensation) and
 * of an audit remediated after approve, against the current implementations: a change to their
 * command sequence without {@code Workflow.getVersion} fails here. Re-record with {@code
 * scripts/record-replays.sh ParamsReplayTest} after a deliberate, versioned change.
 */
class ParamsReplayTest {
  static final Path DIR = Path.of("src/test/resources/replay");
  static final String PUSH = "params-push-compensated.json";
  static final String AUDIT = "params-audit-remediated.json";
  static final String STAGED = "params-push-staged.json";

  @Test
  void pushWithCompensationReplays() throws Exception {
    WorkflowExecutionHistory h = load(PUSH);
    assertThat(h.toJson(false)).contains("Delete").contains("Restore");
    WorkflowReplayer.replayWorkflowExecution(h, ConfigDeploymentWorkflowImpl.class);
  }

  @Test
  void pushWithStagedValuesReplays() throws Exception {
    WorkflowExecutionHistory h = load(STAGED);
    assertThat(h.toJson(false)).contains("DiscardStaged");
    WorkflowReplayer.replayWorkflowExecution(h, ConfigDeploymentWorkflowImpl.class);
  }

  @Test
  void auditWithApprovalReplays() throws Exception {
    WorkflowExecutionHistory h = load(AUDIT);
    assertThat(h.toJson(false)).contains("ConvertToSecure");
    WorkflowReplayer.replayWorkflowExecution(h, ParameterAuditWorkflowImpl.class);
  }

  private static WorkflowExecutionHistory load(String file) throws Exception {
    return WorkflowExecutionHistory.fromJson(
        Files.readString(DIR.resolve(file), StandardCharsets.UTF_8));
  }

  /** The push of a staged secure value: plan, write, discard of the staging parameter. */
  @Test
  @Tag("record-replays")
  void recordStaged() throws Exception {
    Files.createDirectories(DIR);
    try (ParamsFixture f = new ParamsFixture()) {
      ConfigEntry staged =
          ConfigDeploymentWorkflowTest.PASSWORD.stagedAt(
              new StagedValue(ConfigRules.stagingName("params-push-staged", 1), 1));
      when(f.config.plan(any()))
          .thenReturn(
              List.of(
                  new ParameterChange(
                      staged.name(), ChangeKind.ADD, ParameterKind.SECURE_STRING, null, null)));
      when(f.config.write(eq(staged), anyMap())).thenReturn(1L);
      String pushId = "params-push-staged";
      f.stub(ConfigDeploymentWorkflow.class, pushId)
          .push(ConfigDeploymentWorkflowTest.request(false, staged));
      Files.writeString(
          DIR.resolve(STAGED), f.client.fetchHistory(pushId).toJson(true), StandardCharsets.UTF_8);
    }
  }

  @Test
  @Tag("record-replays")
  void record() throws Exception {
    Files.createDirectories(DIR);
    try (ParamsFixture f = new ParamsFixture()) {
      when(f.config.plan(any()))
          .thenReturn(
              List.of(
                  new ParameterChange(
                      ConfigDeploymentWorkflowTest.HOST.name(),
                      ChangeKind.CHANGE,
                      ParameterKind.STRING,
                      3L,
                      ParameterKind.STRING),
                  new ParameterChange(
                      ConfigDeploymentWorkflowTest.URL.name(),
                      ChangeKind.ADD,
                      ParameterKind.STRING,
                      null,
                      null)));
      when(f.config.write(eq(ConfigDeploymentWorkflowTest.HOST), anyMap())).thenReturn(4L);
      when(f.config.write(eq(ConfigDeploymentWorkflowTest.URL), anyMap()))
          .thenThrow(ApplicationFailure.newNonRetryableFailure("denied", "AccessDenied"));
      String pushId = "params-push-replay";
      f.stub(ConfigDeploymentWorkflow.class, pushId)
          .push(
              ConfigDeploymentWorkflowTest.request(
                  false, ConfigDeploymentWorkflowTest.HOST, ConfigDeploymentWorkflowTest.URL));
      Files.writeString(
          DIR.resolve(PUSH), f.client.fetchHistory(pushId).toJson(true), StandardCharsets.UTF_8);

      when(f.audit.scan(any(), anyLong()))
          .thenReturn(ParameterAuditWorkflowTest.report(List.of("/shop/prod/db/password")));
      when(f.audit.convertToSecure(any())).thenAnswer(inv -> inv.getArgument(0));
      ParameterAuditWorkflow wf = f.stub(ParameterAuditWorkflow.class, "params-audit-replay");
      WorkflowClient.start(
          wf::audit, new ParameterAuditRequest("/shop", 90, List.of(), true, Duration.ofHours(1)));
      while (!wf.progress().awaitingApproval()) {
        f.env.sleep(Duration.ofMillis(50));
      }
      wf.approve(new Approval("alice", "replay"));
      WorkflowStub.fromTyped(wf).getResult(ParameterAuditResult.class);
      Files.writeString(
          DIR.resolve(AUDIT),
          f.client.fetchHistory("params-audit-replay").toJson(true),
          StandardCharsets.UTF_8);
    }
  }
}
