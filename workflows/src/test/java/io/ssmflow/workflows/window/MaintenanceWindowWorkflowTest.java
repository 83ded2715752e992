package io.ssmflow.workflows.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.ssmflow.workflows.audit.AuditRequest;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.deploy.DeploymentLock;
import io.ssmflow.workflows.deploy.DeploymentRequest;
import io.ssmflow.workflows.deploy.DeploymentSpecs;
import io.ssmflow.workflows.deploy.DeploymentWorkflowImpl;
import io.ssmflow.workflows.deploy.FailurePolicy;
import io.ssmflow.workflows.deploy.FakeCommands;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.TargetPage;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.fleetrun.FleetRunWorkflowImpl;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.parameterstore.ParameterActivities;
import io.ssmflow.workflows.patch.PatchOperation;
import io.ssmflow.workflows.patch.PatchRequest;
import io.ssmflow.workflows.patch.RebootOption;
import io.ssmflow.workflows.patch.UnhealthyPolicy;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.ssmflow.workflows.window.FakePatchWorkflow.Event;
import io.ssmflow.workflows.window.FakePatchWorkflow.Plan;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Maintenance window runs under time skipping: priorities, cutoff, duration, due check. The
 * end-of-window and window-cancel cleanups run in real time on a real server ({@link
 * MaintenanceWindowRealServerTest}): the test server's time skipping can overtake a cancel request
 * in flight.
 */
@Timeout(120)
class MaintenanceWindowWorkflowTest {
  private static final long MINUTE = 60_000;

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private FakeCommands commands;
  private final FleetActivities fleet =
      mock(FleetActivities.class, withSettings().withoutAnnotations());
  private final ParameterActivities params =
      mock(ParameterActivities.class, withSettings().withoutAnnotations());
  private final NotificationActivities notify =
      mock(NotificationActivities.class, withSettings().withoutAnnotations());
  private int runs;

  /**
   * How the fake SSM answers the real deployments: by default each health check fails once and
   * passes on its retry 2 s later (the default spec's health check: 5 attempts, 2 s apart).
   */
  private volatile FakeCommands.Behavior ssm =
      (id, step, attempt) ->
          step.equals("health") && attempt == 1
              ? FakeCommands.Result.fail(1)
              : FakeCommands.Result.ok(1);

  @BeforeEach
  void start() {
    FakePatchWorkflow.PLANS.clear();
    FakePatchWorkflow.EVENTS.clear();
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    commands = new FakeCommands((id, step, attempt) -> ssm.run(id, step, attempt));
    when(fleet.resolveTargets(any())).thenReturn(new ResolvedTargets(ids(6), List.of()));
    when(fleet.resolveTargetsPage(any(), any(), anyInt()))
        .thenReturn(new TargetPage(ids(6), List.of(), null));
    when(params.getString(anyString())).thenReturn("1.0.0");
    when(notify.publish(anyString(), anyString(), anyString())).thenReturn("msg-1");
    Worker worker =
        env.newWorker(
            TaskQueues.DEFAULT,
            WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(10_000).build());
    worker.registerWorkflowImplementationTypes(
        MaintenanceWindowWorkflowImpl.class,
        FakePatchWorkflow.class,
        FakeAuditWorkflow.class,
        DeploymentWorkflowImpl.class,
        FleetRunWorkflowImpl.class,
        DeploymentLock.Impl.class);
    worker.registerActivitiesImplementations(fleet, params, notify, commands);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void lowerPrioritiesRunFirstAndEqualOnesInParallel() {
    FakePatchWorkflow.PLANS.put("web", new Plan(2, 10, 0));
    FakePatchWorkflow.PLANS.put("db", new Plan(1, 30, 0));
    FakePatchWorkflow.PLANS.put("cache", new Plan(1, 5, 0));
    MaintenanceWindowResult r =
        run(
            window(
                Duration.ofHours(4),
                Duration.ofHours(1),
                null,
                patch("cache", 2),
                patch("web", 1),
                patch("db", 1)));

    assertThat(r.outcome()).isEqualTo(WindowOutcome.SUCCEEDED);
    assertThat(r.tasks()).extracting(WindowTaskResult::name).containsExactly("web", "db", "cache");
    assertThat(r.tasks()).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
    long start = r.windowStartMillis();
    assertThat(minutes(at("web", "start"), start)).isZero();
    assertThat(minutes(at("db", "start"), start)).isZero();
    // priority 2 waits for both priority-1 tasks (web 20 min, db 30 min)
    assertThat(minutes(at("cache", "start"), start)).isEqualTo(30);
    assertThat(r.tasks().get(0).workflowId()).endsWith("/web");
  }

  @Test
  void anAuditTaskRunsWithTheWindowsCutoffAndRecordsItsFindings() {
    MaintenanceWindowResult r =
        run(
            window(
                Duration.ofHours(2),
                Duration.ofMinutes(30),
                null,
                WindowTask.audit(
                    "audit",
                    1,
                    new AuditRequest(
                        TargetSpec.ofTags(Map.of("Role", "web")),
                        RateLimit.maxConcurrency("50%"),
                        List.of(),
                        "staging",
                        null,
                        null,
                        0))));

    assertThat(r.outcome()).isEqualTo(WindowOutcome.SUCCEEDED);
    assertThat(task(r, "audit").operation()).isEqualTo(WindowOperation.AUDIT);
    assertThat(task(r, "audit").message()).startsWith("COMPLETED: 4 instances checked");
    assertThat(FakePatchWorkflow.EVENTS)
        .extracting(Event::what)
        .containsExactly("cutoff " + r.cutoffMillis());
  }

  @Test
  void afterTheCutoffNoTaskAndNoNewBatchStarts() {
    FakePatchWorkflow.PLANS.put("web", new Plan(10, 15, 0));
    FakePatchWorkflow.PLANS.put("late", new Plan(1, 1, 0));
    MaintenanceWindowResult r =
        run(
            window(
                Duration.ofHours(2), Duration.ofHours(1), null, patch("web", 1), patch("late", 2)));

    assertThat(r.cutoffMillis() - r.windowStartMillis()).isEqualTo(60 * MINUTE);
    // batches at 0, 15, 30, 45 min; from 60 min on none starts
    assertThat(
            FakePatchWorkflow.EVENTS.stream()
                .filter(e -> e.task().equals("web") && e.what().startsWith("batch-"))
                .map(e -> minutes(e.atMillis(), r.windowStartMillis())))
        .containsExactly(0L, 15L, 30L, 45L);
    assertThat(task(r, "web").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task(r, "web").message()).contains("4 patched, 6 cut off");
    assertThat(task(r, "late").status()).isEqualTo(TaskStatus.SKIPPED_CUTOFF);
    assertThat(task(r, "late").workflowId()).isNull();
    assertThat(FakePatchWorkflow.EVENTS).noneMatch(e -> e.task().equals("late"));
    assertThat(r.outcome()).isEqualTo(WindowOutcome.FAILED);
  }

  @Test
  void theCutoffStopsARealDeploymentLaunchingInstances() {
    // The fake SSM's health checks fail once and pass on the retry 2 s later: one instance at a
    // time takes about 2 s, so with a 5 s window and a 1 s cutoff some instances start, the
    // rest end SKIPPED "cutoff", and the deployment's next priority never starts.
    FakePatchWorkflow.PLANS.put("after", new Plan(1, 1, 0));
    DeploymentRequest deploy =
        new DeploymentRequest(
            "shop",
            "2.0.0",
            "staging",
            TargetSpec.ofTags(Map.of("Application", "shop")),
            RateLimit.maxConcurrency("1"),
            RateLimit.maxErrors("0"),
            0,
            false,
            Duration.ofMinutes(30),
            FailurePolicy.STOP,
            DeploymentSpecs.defaultSpec(),
            null,
            null,
            0);
    MaintenanceWindowResult r =
        run(
            window(
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                null,
                WindowTask.deploy("shop", 1, deploy),
                patch("after", 2)));

    int started = commands.startedInstances();
    assertThat(started).isBetween(1, 5);
    WindowTaskResult shop = task(r, "shop");
    assertThat(shop.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(shop.message()).contains("launch cutoff");
    for (String id : ids(6).subList(started, 6)) {
      assertThat(commands.steps(id)).isEmpty();
    }
    assertThat(task(r, "after").status()).isIn(TaskStatus.SKIPPED_CUTOFF);
  }

  @Test
  void theEndOfTheWindowCancelsARealDeploymentWhichRollsBackItsInFlightInstanceFirst() {
    // Every health check fails: the first instance spends 8 s in its 5 attempts, past the
    // window's end at 5 s. The cancel lets it finish, fail and roll back before the run ends.
    ssm =
        (id, step, attempt) ->
            step.equals("health") ? FakeCommands.Result.fail(1) : FakeCommands.Result.ok(1);
    DeploymentRequest deploy =
        new DeploymentRequest(
            "shop",
            "2.0.0",
            "staging",
            TargetSpec.ofTags(Map.of("Application", "shop")),
            RateLimit.maxConcurrency("1"),
            RateLimit.maxErrors("5"),
            0,
            false,
            Duration.ofMinutes(30),
            FailurePolicy.ROLLBACK_FAILED,
            DeploymentSpecs.defaultSpec(),
            null,
            null,
            0);
    MaintenanceWindowResult r =
        run(
            window(
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                null,
                WindowTask.deploy("shop", 1, deploy)));

    WindowTaskResult shop = task(r, "shop");
    assertThat(shop.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(shop.message()).contains("cancelled at the end of the window");
    List<String> first = commands.steps(ids(6).get(0));
    assertThat(first).containsSubsequence("start", "health", "rollback");
    assertThat(commands.startedInstances()).isEqualTo(1);
    assertThat(r.outcome()).isEqualTo(WindowOutcome.FAILED);
  }

  @Test
  void aRunWithSsmflowsSearchAttributesGivesThemToItsTasks() {
    for (String name : List.of("SsmflowOperation", "SsmflowApp", "SsmflowEnvironment")) {
      env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    FakePatchWorkflow.PLANS.put("web", new Plan(1, 1, 0));
    MaintenanceWindowWorkflow wf =
        client.newWorkflowStub(
            MaintenanceWindowWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.DEFAULT)
                .setWorkflowId("window-sa")
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(SsmflowAttributes.OPERATION, "window")
                        .build())
                .build());
    MaintenanceWindowResult r =
        wf.run(window(Duration.ofHours(1), Duration.ofMinutes(10), null, patch("web", 1)));

    assertThat(r.outcome()).isEqualTo(WindowOutcome.SUCCEEDED);
    assertThat(FakePatchWorkflow.EVENTS)
        .extracting(Event::what)
        .contains("attributes patch staging");
  }

  @Test
  void aRunAtATimeTheAwsExpressionDoesNotFireAtIsNotDue() {
    FakePatchWorkflow.PLANS.put("web", new Plan(1, 1, 0));
    // 15W: the weekday nearest the 15th. The spec fires on the 13th-17th (a superset); on
    // Thursday 13 May 2027 AWS does not fire (the 15th is a Saturday: Friday the 14th).
    long thursday = Instant.parse("2027-05-13T09:00:00Z").toEpochMilli();
    MaintenanceWindowResult r = run(window(thursday, "cron(0 9 15W * ? *)", patch("web", 1)));

    assertThat(r.outcome()).isEqualTo(WindowOutcome.NOT_DUE);
    assertThat(r.message()).contains("does not fire at 2027-05-13T09:00Z");
    assertThat(r.tasks()).allMatch(t -> t.status() == TaskStatus.NOT_DUE);
    assertThat(FakePatchWorkflow.EVENTS).isEmpty();

    long friday = Instant.parse("2027-05-14T09:00:00Z").toEpochMilli();
    MaintenanceWindowResult due = run(window(friday, "cron(0 9 15W * ? *)", patch("web", 1)));
    assertThat(due.outcome()).isEqualTo(WindowOutcome.SUCCEEDED);
    assertThat(FakePatchWorkflow.EVENTS).extracting(Event::what).contains("start");
  }

  @Test
  void aManualTriggerOffTheMinuteIsAlwaysDue() {
    FakePatchWorkflow.PLANS.put("web", new Plan(1, 1, 0));
    long triggered = Instant.parse("2027-05-13T09:17:42.123Z").toEpochMilli();
    MaintenanceWindowResult r = run(window(triggered, "cron(0 9 15W * ? *)", patch("web", 1)));

    assertThat(r.outcome()).isEqualTo(WindowOutcome.SUCCEEDED);
  }

  @Test
  void aTriggerOnAWholeSecondIsDueAsARealServerStampsIt() {
    // A real Temporal server stamps a trigger's run with the request time truncated to the
    // second: it is a trigger because the expressions never fire at that time of day.
    FakePatchWorkflow.PLANS.put("web", new Plan(1, 1, 0));
    long inexact = Instant.parse("2027-05-13T09:17:42Z").toEpochMilli();
    assertThat(run(window(inexact, "cron(0 9 15W * ? *)", patch("web", 1))).outcome())
        .isEqualTo(WindowOutcome.SUCCEEDED);
    long exact = Instant.parse("2027-05-13T20:31:00Z").toEpochMilli();
    assertThat(run(window(exact, "cron(0 3 ? * SUN *)", patch("web", 1))).outcome())
        .isEqualTo(WindowOutcome.SUCCEEDED);
  }

  /**
   * Re-records the window's replay history (only in the record-replays profile: {@code
   * scripts/record-replays.sh MaintenanceWindowWorkflowTest}): a run with parallel tasks, one
   * cancelled at the end after its cleanup, one skipped by the cutoff.
   */
  @Test
  @Tag("record-replays")
  void recordReplayHistory() throws Exception {
    FakePatchWorkflow.PLANS.put("short", new Plan(1, 30, 0));
    FakePatchWorkflow.PLANS.put("long", new Plan(1, 300, 10));
    FakePatchWorkflow.PLANS.put("late", new Plan(1, 1, 0));
    run(
        window(
            Duration.ofHours(2),
            Duration.ofMinutes(30),
            null,
            patch("short", 1),
            patch("long", 1),
            patch("late", 2)));
    Path file = Path.of("src/test/resources/replay", MaintenanceWindowReplayTest.HISTORY);
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, client.fetchHistory("window-test-" + runs).toJson(true), StandardCharsets.UTF_8);
  }

  private MaintenanceWindowResult run(MaintenanceWindowRequest request) {
    MaintenanceWindowWorkflow wf =
        client.newWorkflowStub(
            MaintenanceWindowWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.DEFAULT)
                .setWorkflowId("window-test-" + (++runs))
                .build());
    return wf.run(request);
  }

  private static MaintenanceWindowRequest window(
      Duration duration, Duration cutoff, String expression, WindowTask... tasks) {
    return new MaintenanceWindowRequest(
        "test", 0, duration, cutoff, expression, "UTC", List.of(tasks));
  }

  private static MaintenanceWindowRequest window(
      long start, String expression, WindowTask... tasks) {
    return new MaintenanceWindowRequest(
        "test",
        start,
        Duration.ofDays(3650),
        Duration.ofHours(1),
        expression,
        "UTC",
        List.of(tasks));
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
            RateLimit.maxConcurrency("1"),
            RateLimit.maxErrors("0"),
            List.of(),
            List.of(),
            UnhealthyPolicy.SKIP,
            Duration.ofDays(7),
            false,
            null,
            null,
            0));
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

  private static long minutes(long at, long start) {
    return Math.round((at - start) / (double) MINUTE);
  }

  private static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("i-%017x", i + 1));
    }
    return ids;
  }
}
