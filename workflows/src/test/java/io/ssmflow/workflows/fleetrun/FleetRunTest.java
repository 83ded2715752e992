package io.ssmflow.workflows.fleetrun;

import static io.ssmflow.workflows.fleetrun.EngineFixture.ids;
import static io.ssmflow.workflows.fleetrun.EngineFixture.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.TickingInvocations;
import io.ssmflow.workflows.deploy.FakeCommands;
import io.ssmflow.workflows.deploy.FakeCommands.Result;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The engine's rules, one defect of the old engines per test (issue 10). */
class FleetRunTest {

  @Test
  void maxErrorsTenIsExactOverThreeSlices() {
    try (EngineFixture f = new EngineFixture((id, step, attempt) -> Result.fail(1))) {
      FleetRun.Result r =
          f.host()
              .run(
                  FleetRunSpec.newBuilder(plan("install"), ids(30))
                      .concurrency(1)
                      .errorThreshold(10)
                      .sliceSize(10)
                      .build());

      // One in flight at a time: the 11th error stops launching, as in SSM, wherever it is.
      assertThat(r.errors()).isEqualTo(11);
      assertThat(f.commands.startedInstances()).isEqualTo(11);
      assertThat(r.stopReason()).isEqualTo("MaxErrors exceeded");
      assertThat(r.instances().values())
          .filteredOn(i -> i.state() == RunState.SKIPPED)
          .hasSize(19)
          .allMatch(i -> i.reason().equals("not started: MaxErrors exceeded"));
    }
  }

  @Test
  void maxErrorsNeverLaunchesPastTheThresholdWithAWideWindow() {
    try (EngineFixture f = new EngineFixture((id, step, attempt) -> Result.fail(1))) {
      FleetRun.Result r =
          f.host()
              .run(
                  FleetRunSpec.newBuilder(plan("install"), ids(60))
                      .concurrency(3)
                      .errorThreshold(10)
                      .sliceSize(10)
                      .build());

      // Errors beyond 11 come only from instances already in flight at the stop.
      assertThat(r.errors()).isBetween(11, 13);
      assertThat(f.commands.startedInstances()).isEqualTo(r.errors());
    }
  }

  @Test
  void undeliveredSecondStepFailsAndCompensates() {
    String bad = ids(3).get(1);
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            id.equals(bad) && step.equals("start")
                ? new Result(InvocationStatus.DELIVERY_TIMED_OUT, -1, 1)
                : Result.ok(1);
    try (EngineFixture f = new EngineFixture(b)) {
      RunPlan p =
          plan("install", "start")
              .compensatedBy(List.of(RunStep.shell("rollback", List.of("echo back"), 60)));
      FleetRun.Result r = f.host().run(FleetRunSpec.newBuilder(p, ids(3)).concurrency(3).build());

      InstanceResult i = r.instances().get(bad);
      assertThat(i.state()).isEqualTo(RunState.COMPENSATED);
      assertThat(i.failed()).isTrue();
      assertThat(i.reason())
          .contains("start not delivered (DeliveryTimedOut)")
          .endsWith("; rolled back");
      assertThat(r.errors()).isEqualTo(1);
      assertThat(f.commands.steps(bad)).containsExactly("install", "start", "rollback");
    }
  }

  @Test
  void undeliveredFirstStepIsSkippedNotCounted() {
    String bad = ids(3).get(0);
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            id.equals(bad) ? new Result(InvocationStatus.UNDELIVERABLE, -1, 1) : Result.ok(1);
    try (EngineFixture f = new EngineFixture(b)) {
      RunPlan p =
          plan("install", "start")
              .compensatedBy(List.of(RunStep.shell("rollback", List.of("echo back"), 60)));
      FleetRun.Result r =
          f.host().run(FleetRunSpec.newBuilder(p, ids(3)).concurrency(3).errorThreshold(0).build());

      assertThat(r.instances().get(bad).state()).isEqualTo(RunState.SKIPPED);
      assertThat(r.errors()).isZero();
      assertThat(r.stopReason()).isNull();
      assertThat(f.commands.steps(bad)).containsExactly("install");
    }
  }

  @Test
  void oneTerminatedInstanceInABatchOfFiftyFailsAlone() {
    List<String> fleet = ids(50);
    String gone = fleet.get(17);
    try (EngineFixture f = new EngineFixture(FakeCommands.allSucceed())) {
      f.commands.refuse(gone, "InvalidInstanceId: terminated");
      FleetRun.Result r =
          f.host()
              .run(
                  FleetRunSpec.newBuilder(plan("install", "start"), fleet)
                      .concurrency(50)
                      .errorThreshold(0)
                      .build());

      assertThat(r.instances().get(gone).state()).isEqualTo(RunState.SKIPPED);
      assertThat(r.instances().get(gone).reason())
          .isEqualTo("install: SendCommand refused it: InvalidInstanceId: terminated");
      assertThat(r.instances().values())
          .filteredOn(i -> i.state() == RunState.SUCCEEDED)
          .hasSize(49);
      assertThat(r.errors()).isZero();
      // The first send carried the 49 others in one command.
      assertThat(f.commands.sends().get(0).instanceIds()).hasSize(49).doesNotContain(gone);
    }
  }

  @Test
  void aStuckInvocationTimesOut() {
    String stuck = ids(2).get(0);
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            id.equals(stuck)
                ? new Result(InvocationStatus.SUCCESS, 0, TickingInvocations.NEVER)
                : Result.ok(1);
    try (EngineFixture f = new EngineFixture(b)) {
      EngineHost host = f.host();
      WorkflowClient.start(
          host::run,
          FleetRunSpec.newBuilder(plan("install"), ids(2))
              .concurrency(2)
              .errorThreshold(5)
              .build());
      waitFor(() -> host.counts() != null && host.counts().succeeded() == 1);
      // execution 60 s + delivery 120 s + grace 60 s
      f.env.sleep(Duration.ofMinutes(5));
      FleetRun.Result r = WorkflowStub.fromTyped(host).getResult(FleetRun.Result.class);

      InstanceResult i = r.instances().get(stuck);
      assertThat(i.state()).isEqualTo(RunState.FAILED);
      assertThat(i.reason())
          .contains("timed out")
          .contains("no final status from SSM within" + " 240 s");
      assertThat(r.errors()).isEqualTo(1);
      assertThat(f.commands.cancels()).hasSize(1).allMatch(c -> c.contains(stuck));
    }
  }

  @Test
  void pauseAndResumeAfterASliceContinuedAsNew() {
    try (EngineFixture f = new EngineFixture(FakeCommands.allSucceed())) {
      EngineHost host = f.host();
      WorkflowClient.start(
          host::run,
          FleetRunSpec.newBuilder(plan("a", "b", "c"), ids(40))
              .concurrency(2)
              .sliceSize(20)
              .historyBudget(150)
              .build());
      String slice = EngineFixture.ID + "/run-1";
      waitFor(() -> continuedAsNew(f, slice));
      host.pause();
      waitFor(() -> host.counts().inFlight() == 0);
      int started = f.commands.startedInstances();
      sleep(300);
      assertThat(f.commands.startedInstances()).isLessThanOrEqualTo(started + 2);
      host.resume();
      FleetRun.Result r = WorkflowStub.fromTyped(host).getResult(FleetRun.Result.class);

      assertThat(r.instances().values()).allMatch(i -> i.state() == RunState.SUCCEEDED);
      assertThat(f.commands.startedInstances()).isEqualTo(40);
    }
  }

  @Test
  void aFailedSliceKeepsTheInstancesItReported() {
    try (EngineFixture f = new EngineFixture(FakeCommands.allSucceed(), FailingSlice.class)) {
      FleetRun.Result r =
          f.host().run(FleetRunSpec.newBuilder(plan("install"), ids(6)).concurrency(6).build());

      // The two the slice reported before failing stay SUCCEEDED (rollback-all would take
      // them); only the ones whose state is unknown count as failed.
      assertThat(r.instances().values())
          .filteredOn(i -> i.state() == RunState.SUCCEEDED)
          .extracting(InstanceResult::instanceId)
          .containsExactlyElementsOf(ids(2));
      assertThat(r.instances().values())
          .filteredOn(i -> i.state() == RunState.FAILED)
          .hasSize(4)
          .allMatch(i -> i.failed() && i.reason().contains("slice engine-test/run-1 failed"));
      assertThat(r.errors()).isEqualTo(4);
    }
  }

  @Test
  void aSliceRefillsItsOwnSlotsWithoutAGrant() {
    try (EngineFixture f = new EngineFixture(FakeCommands.allSucceed())) {
      FleetRun.Result r =
          f.host()
              .run(
                  FleetRunSpec.newBuilder(plan("a", "b"), ids(20))
                      .concurrency(2)
                      .sliceSize(20)
                      .build());

      assertThat(r.instances().values()).allMatch(i -> i.state() == RunState.SUCCEEDED);
      assertThat(f.commands.startedInstances()).isEqualTo(20);
      assertThat(f.commands.maxInFlight()).isEqualTo(2);
      // The slice got its two slots when it started and launched the other 18 instances into
      // them as they freed: the window never signalled it (one grant per instance before).
      assertThat(signalsSent(f, EngineFixture.ID)).isZero();
    }
  }

  @Test
  void slotsGivenBackGoToTheNextSliceAndTheWindowHolds() {
    try (EngineFixture f = new EngineFixture(FakeCommands.allSucceed())) {
      FleetRun.Result r =
          f.host()
              .run(
                  FleetRunSpec.newBuilder(plan("a", "b", "c"), ids(30))
                      .concurrency(4)
                      .sliceSize(10)
                      .build());

      assertThat(r.instances().values()).allMatch(i -> i.state() == RunState.SUCCEEDED);
      assertThat(r.instances().keySet()).containsExactlyElementsOf(ids(30));
      assertThat(f.commands.startedInstances()).isEqualTo(30);
      // MaxConcurrency over three slices: a slot is either a slice's or the window's.
      assertThat(f.commands.maxInFlight()).isLessThanOrEqualTo(4);
      for (String id : ids(30)) {
        assertThat(f.commands.steps(id)).containsExactly("a", "b", "c");
      }
    }
  }

  @Test
  void instancesThatArriveWhileThePassRunsAreSlicedAsTheyCome() {
    try (EngineFixture f = new EngineFixture(FakeCommands.allSucceed())) {
      List<String> all = ids(25);
      FeedHost host =
          f.feedHost(
              FleetRunSpec.newBuilder(plan("a", "b"), all.subList(0, 3))
                  .concurrency(4)
                  .sliceSize(10)
                  .build());
      // Fewer than a slice's worth, and the window has slots: they start at once.
      waitFor(() -> f.commands.startedInstances() == 3);
      host.add(all.subList(3, 17));
      host.add(all.subList(17, 25));
      host.end(null);
      FleetRun.Result r =
          f.client.newUntypedWorkflowStub(EngineFixture.ID).getResult(FleetRun.Result.class);

      assertThat(r.stopReason()).isNull();
      assertThat(r.instances().keySet()).containsExactlyElementsOf(all);
      assertThat(r.instances().values()).allMatch(i -> i.state() == RunState.SUCCEEDED);
      for (String id : all) {
        assertThat(f.commands.steps(id)).containsExactly("a", "b");
      }
      assertThat(f.commands.maxInFlight()).isLessThanOrEqualTo(4);
      // Slices: the first 3 (started on arrival), then cut at 10 as instances come, the rest.
      List<String> slices = childWorkflowIds(f, EngineFixture.ID);
      assertThat(slices).hasSizeBetween(3, 5).contains(EngineFixture.ID + "/run-1");
    }
  }

  @Test
  void aFeedThatFailsStopsLaunchingAndWhatStartedFinishes() {
    try (EngineFixture f = new EngineFixture(FakeCommands.allSucceed())) {
      List<String> all = ids(8);
      FeedHost host =
          f.feedHost(
              FleetRunSpec.newBuilder(plan("a"), all.subList(0, 2))
                  .concurrency(2)
                  .sliceSize(10)
                  .build());
      waitFor(() -> f.commands.startedInstances() == 2);
      host.end("target resolution failed after 1 page: throttled");
      FleetRun.Result r =
          f.client.newUntypedWorkflowStub(EngineFixture.ID).getResult(FleetRun.Result.class);

      assertThat(r.stopReason()).isEqualTo("target resolution failed after 1 page: throttled");
      assertThat(r.instances().keySet()).containsExactlyElementsOf(all.subList(0, 2));
      assertThat(r.instances().values()).allMatch(i -> i.state() == RunState.SUCCEEDED);
      for (String id : all.subList(2, 8)) {
        assertThat(f.commands.steps(id)).isEmpty();
      }
    }
  }

  @Test
  void theWindowsHistoryGrowsWithTheFleetNotWithEachFinish() {
    try (EngineFixture f = new EngineFixture(FakeCommands.allSucceed())) {
      FleetRun.Result r =
          f.host()
              .run(
                  FleetRunSpec.newBuilder(plan("a"), ids(1_000))
                      .concurrency(5)
                      .sliceSize(250)
                      .build());

      assertThat(r.instances().values()).allMatch(i -> i.state() == RunState.SUCCEEDED);
      assertThat(f.commands.maxInFlight()).isLessThanOrEqualTo(5);
      // A small window over a large fleet. A slot used to go back to the window and be granted
      // again after every few finishes (1,879 events here, about 9 per round trip); now a slice
      // refills its own slots and reports per batch of finishes, per hand-over and now and then
      // (496 events), so a 10,000-instance run at MaxConcurrency 10 stays far below Temporal's
      // 51,200-event limit.
      long events = f.client.fetchHistory(EngineFixture.ID).getHistory().getEventsCount();
      assertThat(events).isLessThan(800);
    }
  }

  /** The ids of the child workflows a workflow started, in order. */
  private static List<String> childWorkflowIds(EngineFixture f, String workflowId) {
    return f.client.fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.hasStartChildWorkflowExecutionInitiatedEventAttributes())
        .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
        .toList();
  }

  /** How many signals a workflow sent, over all its runs. */
  private static long signalsSent(EngineFixture f, String workflowId) {
    return f.client.fetchHistory(workflowId).getEvents().stream()
        .filter(
            e ->
                e.getEventType()
                    == io.temporal.api.enums.v1.EventType
                        .EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
        .count();
  }

  /** A slice that reports its first two instances as succeeded, then fails. */
  public static class FailingSlice implements FleetRunWorkflow {
    @Override
    public SliceReport run(SliceRequest request) {
      List<InstanceResult> done =
          request.instanceIds().subList(0, 2).stream()
              .map(
                  id ->
                      new InstanceResult(
                          id, RunState.SUCCEEDED, "install", null, false, List.of(), List.of()))
              .toList();
      io.temporal.workflow.Workflow.newUntypedExternalWorkflowStub(request.parentId())
          .signal(
              FleetRunParent.SIGNAL,
              new SliceReport(
                  io.temporal.workflow.Workflow.getInfo().getWorkflowId(), done, 2, 0, 6, 0));
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("boom", "Test");
    }

    @Override
    public void grant(Grant grant) {}

    @Override
    public void hold(boolean hold) {}

    @Override
    public void finish() {}

    @Override
    public List<InstanceResult> instances(int offset, int limit) {
      return List.of();
    }
  }

  private static boolean continuedAsNew(EngineFixture f, String workflowId) {
    List<io.temporal.api.history.v1.HistoryEvent> first;
    try {
      first = f.client.fetchHistory(workflowId).getEvents();
    } catch (io.grpc.StatusRuntimeException e) {
      return false; // not started yet
    }
    return !first.isEmpty()
        && !first
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getContinuedExecutionRunId()
            .isEmpty();
  }

  static void waitFor(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      sleep(20);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
