package io.ssmflow.workflows.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded window run (re-record with {@code scripts/record-replays.sh}, see {@link
 * MaintenanceWindowWorkflowTest#recordReplayHistory}): a change to the window's command sequence
 * that is not guarded by {@code Workflow.getVersion} fails here.
 */
class MaintenanceWindowReplayTest {
  static final String HISTORY = "window-test.json";

  @Test
  void aWindowWithACancelledTaskAndACutOffTaskReplays() throws Exception {
    WorkflowExecutionHistory h =
        WorkflowExecutionHistory.fromJson(
            Files.readString(Path.of("src/test/resources/replay", HISTORY), StandardCharsets.UTF_8),
            "window-test-1");
    assertThat(h.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(
            h.getEvents().stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType
                                .EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
                .count())
        .isEqualTo(1);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker =
          env.newWorker(
              "replay",
              WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(10_000).build());
      worker.registerWorkflowImplementationTypes(MaintenanceWindowWorkflowImpl.class);
      WorkflowReplayer.replayWorkflowExecution(h, worker);
    }
  }
}
