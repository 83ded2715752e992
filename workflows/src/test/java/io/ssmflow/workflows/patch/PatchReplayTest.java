package io.ssmflow.workflows.patch;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Replays the recorded patch histories (see {@link PatchReplayHistories}) against today's code: a
 * change to the command sequence not guarded by {@code Workflow.getVersion} fails here.
 */
class PatchReplayTest {
  @Test
  void anInstallWithARestoreReplays() throws Exception {
    WorkflowExecutionHistory h =
        read(PatchReplayHistories.INSTALL, PatchFixture.workflowId(PatchReplayHistories.request()));
    assertThat(h.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    // Health pass, install pass, and the snapshot retention.
    assertThat(
            h.getEvents().stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                .count())
        .isEqualTo(3);
    replay(h, PatchWorkflowImpl.class);
  }

  @Test
  void anInstallInWavesStoppedByAnAlarmReplays() throws Exception {
    WorkflowExecutionHistory h =
        read(
            PatchReplayHistories.WAVES_ALARM,
            PatchFixture.workflowId(PatchReplayHistories.wavesAndAlarmRequest()));
    assertThat(h.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    // Health pass, install wave 1, the restore pass after the alarm, the snapshot retention.
    assertThat(
            h.getEvents().stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                .map(
                    e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
                .toList())
        .anyMatch(id -> id.endsWith("/install-wave-1-1"))
        .anyMatch(id -> id.endsWith("/restore-1"))
        .noneMatch(id -> id.contains("install-wave-2"));
    replay(h, PatchWorkflowImpl.class);
  }

  @Test
  void theSnapshotRetentionReplays() throws Exception {
    WorkflowExecutionHistory h =
        read(
            PatchReplayHistories.RETENTION,
            PatchIds.retentionWorkflowId(PatchFixture.workflowId(PatchReplayHistories.request())));
    assertThat(
            h.getEvents().stream()
                .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED))
        .isTrue();
    replay(h, SnapshotRetentionWorkflowImpl.class);
  }

  @Test
  void theInstallSliceWithARestoreReplays() throws Exception {
    WorkflowExecutionHistory h =
        read(
            PatchReplayHistories.INSTALL_SLICE,
            PatchFixture.workflowId(PatchReplayHistories.request()) + "/install-1");
    assertThat(
            h.getEvents().stream()
                .filter(
                    e ->
                        e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                            && e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName()
                                .equals("RestoreRootVolume"))
                .count())
        .isEqualTo(1);
    replay(h, io.ssmflow.workflows.fleetrun.FleetRunWorkflowImpl.class);
  }

  private static void replay(WorkflowExecutionHistory h, Class<?> impl) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker =
          env.newWorker(
              "replay",
              WorkerOptions.newBuilder()
                  .setDefaultDeadlockDetectionTimeout(PatchFixture.DEADLOCK_TIMEOUT_MILLIS)
                  .build());
      worker.registerWorkflowImplementationTypes(impl);
      WorkflowReplayer.replayWorkflowExecution(h, worker);
    }
  }

  private static WorkflowExecutionHistory read(String file, String workflowId) throws Exception {
    String json = Files.readString(PatchReplayHistories.DIR.resolve(file), StandardCharsets.UTF_8);
    return WorkflowExecutionHistory.fromJson(json, workflowId);
  }
}
