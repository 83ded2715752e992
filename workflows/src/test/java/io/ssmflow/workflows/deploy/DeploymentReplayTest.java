package io.ssmflow.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.fleetrun.FleetRunWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories (src/test/resources/replay, see {@link ReplayHistories}) against
 * today's code: a change to the command sequence that is not guarded by {@code Workflow.getVersion}
 * fails here (docs/design.md §4.6).
 */
class DeploymentReplayTest {
  private static final String PARENT_ID = "deploy-shop-staging-2.0.0";

  @Test
  void parentReplays() throws Exception {
    WorkflowExecutionHistory h = read(ReplayHistories.PARENT, PARENT_ID);
    assertThat(h.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    // The deployment's lock, the canary slice, the rollout slice.
    assertThat(count(h, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED))
        .isEqualTo(3);
    replay(h, DeploymentWorkflowImpl.class);
  }

  @Test
  void wavesWithAnAlarmDuringTheBakeReplay() throws Exception {
    WorkflowExecutionHistory h = read(ReplayHistories.WAVES_ALARM, PARENT_ID);
    assertThat(h.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    // The lock, wave 1's slice, the rollback's slice: wave 2 never started.
    assertThat(count(h, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED))
        .isEqualTo(3);
    assertThat(
            h.getEvents().stream()
                .anyMatch(
                    e ->
                        e.hasActivityTaskScheduledEventAttributes()
                            && e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName()
                                .equals("WatchAlarms")))
        .isTrue();
    replay(h, DeploymentWorkflowImpl.class);
  }

  @Test
  void aRolloutStartedOnTheFirstTargetPageReplays() throws Exception {
    WorkflowExecutionHistory h = read(ReplayHistories.PAGES, PARENT_ID);
    assertThat(h.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    // Three pages; the first slice started before the last page was in.
    List<String> order =
        h.getEvents().stream()
            .map(
                e ->
                    e.hasActivityTaskScheduledEventAttributes()
                        ? e.getActivityTaskScheduledEventAttributes().getActivityType().getName()
                        : e.hasStartChildWorkflowExecutionInitiatedEventAttributes()
                            ? "child "
                                + e.getStartChildWorkflowExecutionInitiatedEventAttributes()
                                    .getWorkflowId()
                            : "")
            .filter(x -> !x.isEmpty())
            .toList();
    assertThat(order.stream().filter("ResolveTargetsPage"::equals).count()).isEqualTo(3);
    assertThat(order.indexOf("child " + PARENT_ID + "/rollout-1"))
        .isLessThan(order.lastIndexOf("ResolveTargetsPage"));
    replay(h, DeploymentWorkflowImpl.class);
  }

  @Test
  void canarySliceReplays() throws Exception {
    replay(read(ReplayHistories.CANARY, PARENT_ID + "/canary-1"), FleetRunWorkflowImpl.class);
  }

  @Test
  void rolloutSliceWithARetriedHealthCheckAndARollbackReplays() throws Exception {
    WorkflowExecutionHistory h = read(ReplayHistories.ROLLOUT, PARENT_ID + "/rollout-1");
    // 3 instances x 3 steps, 2 more health attempts and a rollback on the sick one.
    assertThat(
            count(h, EventType.EVENT_TYPE_TIMER_STARTED)
                + count(h, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED))
        .isGreaterThan(10);
    replay(h, FleetRunWorkflowImpl.class);
  }

  /**
   * Replays on a worker whose deadlock detector tolerates a loaded CI machine (the first workflow
   * task of a JVM loads many classes); determinism is checked all the same.
   */
  private static void replay(WorkflowExecutionHistory h, Class<?> impl) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker =
          env.newWorker(
              "replay",
              WorkerOptions.newBuilder()
                  .setDefaultDeadlockDetectionTimeout(DeploymentFixture.DEADLOCK_TIMEOUT_MILLIS)
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
        Files.readString(ReplayHistories.DIR.resolve(name), StandardCharsets.UTF_8), workflowId);
  }
}
