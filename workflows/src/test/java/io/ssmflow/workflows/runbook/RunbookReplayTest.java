package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.TestWorkers;
import io.ssmflow.workflows.runbook.run.RunCommandWorkflowImpl;
import io.ssmflow.workflows.runbook.run.RunbookWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded runbook histories (src/test/resources/replay, see {@link
 * RunbookReplayHistories}) against today's code: a change to the command sequence of the runbook
 * workflows that is not guarded by {@code Workflow.getVersion} fails here (docs/design.md, durable
 * code rule 6).
 */
class RunbookReplayTest {
  @Test
  void anAutomationDocumentWithAJumpASleepAndABranchReplays() throws Exception {
    WorkflowExecutionHistory h =
        read(RunbookReplayHistories.AUTOMATION, RunbookReplayHistories.AUTOMATION_ID);
    assertThat(count(h, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED))
        .as("stop, start, startAgain, check")
        .isEqualTo(4);
    assertThat(count(h, EventType.EVENT_TYPE_TIMER_STARTED)).isPositive();
    replay(h, RunbookWorkflowImpl.class);
  }

  @Test
  void aRunCommandStepReplays() throws Exception {
    replay(
        read(RunbookReplayHistories.COMMAND, RunbookReplayHistories.COMMAND_ID),
        RunCommandWorkflowImpl.class);
  }

  @Test
  void anOrchestrationRolledBackAfterAFailedJoinReplays() throws Exception {
    WorkflowExecutionHistory h =
        read(RunbookReplayHistories.ORCHESTRATION, RunbookReplayHistories.ORCHESTRATION_ID);
    assertThat(count(h, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED))
        .as("left, join twice, the rollback of left")
        .isEqualTo(4);
    replay(h, RunbookWorkflowImpl.class);
  }

  private static void replay(WorkflowExecutionHistory h, Class<?> impl) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker =
          env.newWorker(
              "replay",
              WorkerOptions.newBuilder()
                  .setDefaultDeadlockDetectionTimeout(TestWorkers.DEADLOCK_TIMEOUT_MILLIS)
                  .build());
      worker.registerWorkflowImplementationTypes(impl);
      WorkflowReplayer.replayWorkflowExecution(h, worker);
    }
  }

  private static long count(WorkflowExecutionHistory h, EventType type) {
    return h.getEvents().stream().filter(e -> e.getEventType() == type).count();
  }

  private static WorkflowExecutionHistory read(String name, String workflowId) throws Exception {
    return WorkflowExecutionHistory.fromJson(
        Files.readString(RunbookReplayHistories.DIR.resolve(name), StandardCharsets.UTF_8),
        workflowId);
  }
}
