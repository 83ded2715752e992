package io.ssmflow.workflows.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.audit.FakeAudits.Outcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.deploy.FakeCommands;
import io.ssmflow.workflows.fleetrun.FleetRunWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowOptions;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded audit histories (src/test/resources/replay) against today's code: a change to
 * the command sequence not guarded by {@code Workflow.getVersion} fails here. The fleet audit is 5
 * instances at MaxConcurrency 2 (one with a HIGH finding, one whose first check is never
 * delivered): its parent and its one slice. Re-record with {@code scripts/record-replays.sh
 * AuditReplayTest} only after a deliberate, versioned change.
 */
class AuditReplayTest {
  static final Path DIR = Path.of("src/test/resources/replay");
  static final String FLEET = "audit-staging.json";
  static final String SLICE = "audit-staging-checks-1.json";
  static final String SESSIONS = "audit-sessions.json";
  static final String FLEET_ID = "audit-staging";
  static final String SLICE_ID =
      FLEET_ID + "/" + InfrastructureAuditWorkflowImpl.SLICE_PREFIX + "-1";

  @Test
  void fleetAuditReplays() throws Exception {
    WorkflowExecutionHistory h = read(FLEET, FLEET_ID);
    assertThat(h.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(activities(h)).contains("CheckCommands", "ReadFindings");
    assertThat(
            h.getEvents().stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                .count())
        .isEqualTo(1);
    replay(h, InfrastructureAuditWorkflowImpl.class);
  }

  @Test
  void fleetAuditSliceReplays() throws Exception {
    WorkflowExecutionHistory h = read(SLICE, SLICE_ID);
    assertThat(activities(h)).contains("SendShellCommand", "AwaitInvocations");
    replay(h, FleetRunWorkflowImpl.class);
  }

  @Test
  void sessionAuditReplays() throws Exception {
    replay(read(SESSIONS, AuditIds.SESSIONS), SessionAuditWorkflowImpl.class);
  }

  @Test
  @Tag("record-replays")
  void record() throws Exception {
    Finding root = new Finding("ssh", "ssh-root-login", Severity.HIGH, "root login");
    String unreachable = AuditFixture.ids(5).get(1);
    FakeCommands.Behavior behavior =
        (id, step, attempt) ->
            id.equals(unreachable)
                ? new FakeCommands.Result(InvocationStatus.DELIVERY_TIMED_OUT, -1, 1)
                : FakeCommands.Result.ok(1);
    try (AuditFixture f =
        new AuditFixture(
            5,
            behavior,
            FakeAudits.byId(id -> id.endsWith("1") ? Outcome.found(root) : Outcome.found()))) {
      assertThat(f.workflowId()).isEqualTo(FLEET_ID);
      f.run(AuditFixture.request("2", List.of(), 0));
      org.mockito.Mockito.when(f.sessions.activeSessions())
          .thenReturn(
              List.of(new SessionInfo("s-1", "i-1", "arn:aws:iam::1:user/a", "Connected", 0)));
      org.mockito.Mockito.when(f.sessions.terminateSession("s-1")).thenReturn("terminated");
      f.client
          .newWorkflowStub(
              SessionAuditWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(AuditIds.SESSIONS)
                  .setTaskQueue(TaskQueues.DEFAULT)
                  .build())
          .audit(new SessionAuditRequest(Duration.ofHours(8), true, "ops", null));
      Files.createDirectories(DIR);
      for (String[] e :
          new String[][] {{FLEET_ID, FLEET}, {SLICE_ID, SLICE}, {AuditIds.SESSIONS, SESSIONS}}) {
        Files.writeString(
            DIR.resolve(e[1]), f.client.fetchHistory(e[0]).toJson(true), StandardCharsets.UTF_8);
      }
    }
  }

  private static List<String> activities(WorkflowExecutionHistory h) {
    return h.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .distinct()
        .toList();
  }

  private static WorkflowExecutionHistory read(String file, String workflowId) throws Exception {
    return WorkflowExecutionHistory.fromJson(
        Files.readString(DIR.resolve(file), StandardCharsets.UTF_8), workflowId);
  }

  private static void replay(WorkflowExecutionHistory h, Class<?> impl) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker =
          env.newWorker(
              "replay",
              WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(10_000).build());
      worker.registerWorkflowImplementationTypes(impl);
      WorkflowReplayer.replayWorkflowExecution(h, worker);
    }
  }
}
