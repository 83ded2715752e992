package io.ssmflow.workflows.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.audit.FakeAudits.Outcome;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays recorded audit histories (src/test/resources/replay) against today's code: a change to
 * the command sequence not guarded by {@code Workflow.getVersion} fails here. Re-record with
 * {@code -Dreplay.record=true} only after a deliberate, versioned change.
 */
class AuditReplayTest {
  static final Path DIR = Path.of("src/test/resources/replay");
  static final String FLEET = "audit-staging.json";
  static final String SESSIONS = "audit-sessions.json";

  @Test
  void fleetAuditReplays() throws Exception {
    WorkflowExecutionHistory h = read(FLEET);
    assertThat(h.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    replay(h, InfrastructureAuditWorkflowImpl.class);
  }

  @Test
  void sessionAuditReplays() throws Exception {
    replay(read(SESSIONS), SessionAuditWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "replay.record", matches = "true")
  void record() throws Exception {
    Finding root = new Finding("ssh", "ssh-root-login", Severity.HIGH, "root login");
    try (AuditFixture f = new AuditFixture(5, id -> id.endsWith("1") ? Outcome.found(root)
        : id.endsWith("2") ? Outcome.notChecked("delivery timed out") : Outcome.found())) {
      f.run(AuditFixture.request("2", List.of(), 0));
      org.mockito.Mockito.when(f.sessions.activeSessions()).thenReturn(List.of(
          new SessionInfo("s-1", "i-1", "arn:aws:iam::1:user/a", "Connected", 0)));
      org.mockito.Mockito.when(f.sessions.terminateSession("s-1")).thenReturn("terminated");
      f.client.newWorkflowStub(SessionAuditWorkflow.class, io.temporal.client.WorkflowOptions
          .newBuilder().setWorkflowId(AuditIds.SESSIONS)
          .setTaskQueue(io.ssmflow.workflows.common.TaskQueues.DEFAULT).build())
          .audit(new SessionAuditRequest(Duration.ofHours(8), true, "ops", null));
      Files.createDirectories(DIR);
      Files.writeString(DIR.resolve(FLEET), f.client.fetchHistory(f.workflowId()).toJson(true),
          StandardCharsets.UTF_8);
      Files.writeString(DIR.resolve(SESSIONS), f.client.fetchHistory(AuditIds.SESSIONS)
          .toJson(true), StandardCharsets.UTF_8);
    }
  }

  private static WorkflowExecutionHistory read(String file) throws Exception {
    return WorkflowExecutionHistory.fromJson(Files.readString(DIR.resolve(file),
        StandardCharsets.UTF_8));
  }

  private static void replay(WorkflowExecutionHistory h, Class<?> impl) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("replay", WorkerOptions.newBuilder()
          .setDefaultDeadlockDetectionTimeout(10_000).build());
      worker.registerWorkflowImplementationTypes(impl);
      WorkflowReplayer.replayWorkflowExecution(h, worker);
    }
  }
}
