package io.ssmflow.workflows.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.ssmflow.workflows.RealTemporalServer;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.parameterstore.ParameterActivities;
import io.ssmflow.workflows.patch.PatchOperation;
import io.ssmflow.workflows.patch.PatchRequest;
import io.ssmflow.workflows.patch.PatchResult;
import io.ssmflow.workflows.patch.RebootOption;
import io.ssmflow.workflows.patch.UnhealthyPolicy;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.ssmflow.workflows.window.FakePatchWorkflow.Event;
import io.ssmflow.workflows.window.FakePatchWorkflow.Plan;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The window's end-of-duration and cancel cleanups on a real Temporal server, in real time (a plan
 * "minute" is a second): under the Java test server's time skipping a cancel request in flight to a
 * task can be overtaken by skipped time, so these run here (tools/temporal-dev; skipped when it is
 * not built, except in CI).
 */
@Timeout(120)
class MaintenanceWindowRealServerTest {
  private static final long SECOND = 1000;
  private static RealTemporalServer server;
  private static Path log;

  private WorkflowClient client;
  private WorkerFactory factory;
  private String queue;

  @BeforeAll
  static void startServer() throws Exception {
    log = Files.createTempFile("temporal-dev-window", ".log");
    server = RealTemporalServer.startOrSkip(log);
    FakePatchWorkflow.unit = Duration.ofSeconds(1);
  }

  @AfterAll
  static void stopServer() throws Exception {
    FakePatchWorkflow.unit = Duration.ofMinutes(1);
    if (server != null) {
      server.close();
    }
    Files.deleteIfExists(log);
  }

  @BeforeEach
  void startWorker(TestInfo test) {
    FakePatchWorkflow.PLANS.clear();
    FakePatchWorkflow.EVENTS.clear();
    queue = "window-real-" + test.getTestMethod().orElseThrow().getName();
    client = WorkflowClient.newInstance(server.stubs());
    factory = WorkerFactory.newInstance(client);
    io.temporal.worker.Worker worker = factory.newWorker(queue);
    worker.registerWorkflowImplementationTypes(
        MaintenanceWindowWorkflowImpl.class, FakePatchWorkflow.class, FakeAuditWorkflow.class);
    worker.registerActivitiesImplementations(
        mock(FleetActivities.class, withSettings().withoutAnnotations()),
        mock(ParameterActivities.class, withSettings().withoutAnnotations()),
        mock(NotificationActivities.class, withSettings().withoutAnnotations()));
    factory.start();
  }

  @AfterEach
  void stopWorker() {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void theEndOfTheDurationCancelsRunningTasksAfterTheirCleanup() {
    FakePatchWorkflow.PLANS.put("long", new Plan(1, 60, 2));
    FakePatchWorkflow.PLANS.put("short", new Plan(1, 3, 0));
    MaintenanceWindowResult r =
        stub("window-end")
            .run(
                window(
                    Duration.ofSeconds(12),
                    Duration.ofSeconds(3),
                    patch("long", 1),
                    patch("short", 1)));

    assertThat(task(r, "short").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task(r, "long").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(task(r, "long").message()).contains("cancelled at the end of the window");
    awaitClosed(task(r, "long").workflowId());
    // the cleanup (2 s) ran after the end (12 s) and before the window run ended
    assertThat(at("long", "cleanup") - r.windowStartMillis()).isBetween(13 * SECOND, 20 * SECOND);
    assertThat(r.endMillis() - r.windowStartMillis()).isEqualTo(12 * SECOND);
    assertThat(r.outcome()).isEqualTo(WindowOutcome.FAILED);
    assertThat(r.message()).contains("1 of 2 tasks succeeded").contains("1 cancelled");
  }

  @Test
  void cancellingTheWindowRunCancelsItsTasksAndWaitsForTheirCleanup() throws Exception {
    FakePatchWorkflow.PLANS.put("long", new Plan(1, 300, 2));
    FakePatchWorkflow.PLANS.put("next", new Plan(1, 1, 0));
    MaintenanceWindowWorkflow wf = stub("window-cancelled");
    WorkflowClient.start(
        wf::run,
        window(Duration.ofMinutes(10), Duration.ofMinutes(1), patch("long", 1), patch("next", 2)));
    awaitEvent("long", "start");
    assertThat(wf.tasks())
        .extracting(WindowTaskResult::status)
        .containsExactly(TaskStatus.RUNNING, TaskStatus.PENDING);

    long cancelled = System.currentTimeMillis();
    WorkflowStub.fromTyped(wf).cancel();
    assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(MaintenanceWindowResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);

    awaitClosed("window-cancelled/long");
    // the 2 s cleanup ran after the cancel, and the run waited for it
    assertThat(at("long", "cleanup") - cancelled).isBetween(1500L, 10 * SECOND);
    assertThat(FakePatchWorkflow.EVENTS).noneMatch(e -> e.task().equals("next"));
    assertThat(wf.tasks())
        .extracting(WindowTaskResult::status)
        .containsExactly(TaskStatus.CANCELLED, TaskStatus.CANCELLED);
    assertThat(wf.tasks().get(0).message()).startsWith("cancelled with the window run");
  }

  private MaintenanceWindowWorkflow stub(String workflowId) {
    return client.newWorkflowStub(
        MaintenanceWindowWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(workflowId).build());
  }

  private static MaintenanceWindowRequest window(
      Duration duration, Duration cutoff, WindowTask... tasks) {
    return new MaintenanceWindowRequest("test", 0, duration, cutoff, null, "UTC", List.of(tasks));
  }

  private static WindowTask patch(String name, int priority) {
    return WindowTask.patch(
        name,
        priority,
        new PatchRequest(
            TargetSpec.ofPatchGroup(name),
            PatchOperation.INSTALL,
            RebootOption.NO_REBOOT,
            "staging",
            RateLimit.of("1"),
            RateLimit.of("0"),
            List.of(),
            List.of(),
            UnhealthyPolicy.SKIP,
            Duration.ofDays(7),
            false,
            null,
            null,
            0));
  }

  /** Waits until a task's workflow has closed (its last event is recorded by itself). */
  private void awaitClosed(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).getResult(PatchResult.class);
    } catch (WorkflowFailedException expected) {
      // cancelled: what the caller checks
    }
  }

  private static void awaitEvent(String task, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (FakePatchWorkflow.EVENTS.stream()
          .anyMatch(e -> e.task().equals(task) && e.what().equals(what))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no event " + task + " " + what + " among " + FakePatchWorkflow.EVENTS);
  }

  private static WindowTaskResult task(MaintenanceWindowResult r, String name) {
    return r.tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static long at(String task, String what) {
    return FakePatchWorkflow.EVENTS.stream()
        .filter(e -> e.task().equals(task) && e.what().equals(what))
        .mapToLong(Event::atMillis)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no event " + task + " " + what + " among " + FakePatchWorkflow.EVENTS));
  }
}
