package io.ssmflow.cli.real;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.workflows.window.MaintenanceWindowResult;
import io.ssmflow.workflows.window.TaskStatus;
import io.ssmflow.workflows.window.WindowOutcome;
import io.ssmflow.workflows.window.WindowTaskResult;
import io.temporal.client.schedules.ScheduleDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssmflow schedule ...} against a real Temporal server (tools/temporal-dev) with the
 * simulator and a worker: the next run times the server computes are the ones the AWS evaluator
 * predicts, a rate schedule really fires, a trigger starts the operation, pause / unpause / update
 * / delete act on the server, a run due while the previous one runs is skipped, and a window's
 * cutoff and end act on real operations with real timers.
 */
@Timeout(300)
class RealScheduleTest {
  static final String QUEUE = "real-schedules";
  static final String FLEET =
      """
      instances:
        - {count: 2, namePrefix: sched, mode: shell, tags: {Application: shop, Environment: sched}}
        - {count: 2, namePrefix: fire, mode: shell, tags: {Application: shop, Environment: fire}}
        - {count: 4, namePrefix: cutoff, mode: shell,
           tags: {Application: shop, Environment: cutoff}}
        - {count: 2, namePrefix: ending, mode: shell,
           tags: {Application: shop, Environment: ending}}
        - {count: 2, namePrefix: overlap, mode: shell,
           tags: {Application: shop, Environment: overlap}}
      """;

  /** Each instance takes about 3 s. */
  static final String SLOW_SPEC =
      """
      steps:
        - name: install
          commands: ["sleep 3", "mkdir -p /opt/{{App}}", "echo {{Version}} > /opt/{{App}}/VERSION"]
          timeoutSeconds: 60
      healthCheck:
        commands: ["grep -qx {{Version}} /opt/{{App}}/VERSION"]
      rollback:
        commands: ["echo rolled-back > /opt/{{App}}/VERSION"]
      """;

  /** The first instance is still installing when a short window ends. */
  static final String LONG_SPEC = SLOW_SPEC.replace("sleep 3", "sleep 10");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx '('VV')'");

  @TempDir static Path dir;
  static DevStack stack;
  static RealTemporal.Clients clients;
  static Map<String, String> env;
  static SimAdmin sim;
  static Path slowSpec;
  static Path longSpec;

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(RealTemporal.options(FLEET, dir.resolve("state"), QUEUE));
    clients = RealTemporal.clients(stack);
    env = stack.exports();
    sim = new SimAdmin(stack.simulator().endpoint().toString());
    slowSpec = Files.writeString(dir.resolve("slow.yaml"), SLOW_SPEC);
    longSpec = Files.writeString(dir.resolve("long.yaml"), LONG_SPEC);
  }

  @AfterAll
  static void stop() {
    if (clients != null) {
      clients.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theServersNextRunsAreTheOnesTheAwsEvaluatorPredicts() {
    cli(
        "schedule",
        "create",
        "weekdays",
        "--cron",
        "cron(30 2 ? * MON-FRI *)",
        "--timezone",
        "Europe/Paris",
        "--",
        "deploy",
        "--app",
        "shop",
        "--version",
        "1.0.0",
        "--env",
        "sched");
    cli(
        "schedule",
        "create",
        "monthly",
        "--cron",
        "cron(15 22 1,15 * ? *)",
        "--timezone",
        "America/New_York",
        "--",
        "audit",
        "--env",
        "sched");
    cli(
        "schedule",
        "create",
        "every-6h",
        "--rate",
        "rate(6 hours)",
        "--",
        "deploy",
        "--app",
        "shop",
        "--version",
        "1.0.0",
        "--env",
        "sched");
    for (String name : List.of("weekdays", "monthly", "every-6h")) {
      JsonNode described = json("schedule", "describe", name, "--output", "json");
      assertThat(described.get("exactSpec").asBoolean()).isTrue();
      List<String> predicted = new ArrayList<>();
      described.get("nextRuns").forEach(t -> predicted.add(t.asText()));
      ZoneId zone = ZoneId.of(described.get("timeZone").asText());
      ScheduleDescription d = clients.schedules().getHandle(name).describe();
      List<String> server =
          d.getInfo().getNextActionTimes().stream()
              .limit(predicted.size())
              .map(t -> TIME.format(t.atZone(zone)))
              .toList();
      assertThat(server).as(name).hasSize(5).isEqualTo(predicted);
    }
  }

  @Test
  void aRateScheduleFiresOnTheMinuteAndItsWindowDeploys() throws Exception {
    cli(
        "schedule",
        "create",
        "every-minute",
        "--rate",
        "rate(1 minute)",
        "--duration",
        "50s",
        "--cutoff",
        "10s",
        "--",
        "deploy",
        "--app",
        "shop",
        "--version",
        "2.0.0",
        "--env",
        "fire",
        "--max-concurrency",
        "2");
    ScheduleDescription d =
        awaitSchedule(
            "every-minute", s -> !s.getInfo().getRecentActions().isEmpty(), Duration.ofSeconds(80));
    cli("schedule", "delete", "every-minute");
    Instant scheduledAt = d.getInfo().getRecentActions().get(0).getScheduledAt();
    assertThat(scheduledAt.toEpochMilli() % 60_000)
        .as("fired on a whole minute: " + scheduledAt)
        .isZero();
    String runId = recentWorkflowId(d);
    assertThat(runId).startsWith("window-every-minute-");
    MaintenanceWindowResult r = result(runId);
    assertThat(r.outcome()).as(r.message()).isEqualTo(WindowOutcome.SUCCEEDED);
    assertThat(r.windowStartMillis()).isEqualTo(scheduledAt.toEpochMilli());
    for (String id : sim.ids("Environment=fire")) {
      assertThat(sim.file(id, "/opt/shop/VERSION")).as(id).isEqualTo("2.0.0");
    }
  }

  @Test
  void triggerStartsTheOperationNow() throws Exception {
    cli(
        "schedule",
        "create",
        "manual",
        "--cron",
        "cron(0 3 ? * SUN *)",
        "--",
        "deploy",
        "--app",
        "shop",
        "--version",
        "3.0.0",
        "--env",
        "sched");
    assertThat(cli("schedule", "trigger", "manual").out()).contains("triggered schedule manual");
    ScheduleDescription d =
        awaitSchedule(
            "manual", s -> !s.getInfo().getRecentActions().isEmpty(), Duration.ofSeconds(30));
    String runId = recentWorkflowId(d);
    MaintenanceWindowResult r = result(runId);
    assertThat(r.outcome()).as(r.message()).isEqualTo(WindowOutcome.SUCCEEDED);
    assertThat(r.tasks())
        .extracting(WindowTaskResult::status)
        .containsExactly(TaskStatus.SUCCEEDED);
    for (String id : sim.ids("Environment=sched")) {
      assertThat(sim.file(id, "/opt/shop/VERSION")).as(id).isEqualTo("3.0.0");
    }
    JsonNode described = json("schedule", "describe", "manual", "--output", "json");
    assertThat(described.get("recentRuns").get(0).get("workflowId").asText()).isEqualTo(runId);
    assertThat(cli("status", runId).out()).contains("SUCCEEDED");
    cli("schedule", "delete", "manual");
  }

  @Test
  void pauseUnpauseUpdateAndDeleteActOnTheServer() {
    cli(
        "schedule",
        "create",
        "controlled",
        "--cron",
        "cron(0 2 ? * SUN *)",
        "--",
        "deploy",
        "--app",
        "shop",
        "--version",
        "1.0.0",
        "--env",
        "sched");

    cli("schedule", "pause", "controlled", "--note", "change freeze");
    ScheduleDescription paused = clients.schedules().getHandle("controlled").describe();
    assertThat(paused.getSchedule().getState().isPaused()).isTrue();
    assertThat(paused.getSchedule().getState().getNote()).isEqualTo("change freeze");
    assertThat(
            json("schedule", "describe", "controlled", "--output", "json")
                .get("paused")
                .asBoolean())
        .isTrue();

    cli("schedule", "unpause", "controlled");
    assertThat(
            clients
                .schedules()
                .getHandle("controlled")
                .describe()
                .getSchedule()
                .getState()
                .isPaused())
        .isFalse();

    cli(
        "schedule",
        "update",
        "controlled",
        "--cron",
        "cron(45 4 ? * SAT *)",
        "--timezone",
        "Asia/Tokyo");
    JsonNode updated = json("schedule", "describe", "controlled", "--output", "json");
    assertThat(updated.get("expression").asText()).isEqualTo("cron(45 4 ? * SAT *)");
    assertThat(updated.get("nextRuns").get(0).asText()).contains("04:45 +09:00 (Asia/Tokyo)");
    Instant next =
        clients
            .schedules()
            .getHandle("controlled")
            .describe()
            .getInfo()
            .getNextActionTimes()
            .get(0);
    assertThat(TIME.format(next.atZone(ZoneId.of("Asia/Tokyo"))))
        .isEqualTo(updated.get("nextRuns").get(0).asText());

    cli("schedule", "update", "controlled", "--", "audit", "--env", "sched");
    JsonNode tasks = json("schedule", "describe", "controlled", "--output", "json").get("tasks");
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).get("operation").asText()).isEqualTo("audit");

    cli("schedule", "delete", "controlled");
    RealTemporal.Cli gone = RealTemporal.Cli.run(env, "schedule", "describe", "controlled");
    assertThat(gone.exit()).isEqualTo(2);
    assertThat(gone.err()).contains("no schedule named controlled");
  }

  @Test
  void aRunDueWhileThePreviousOneRunsIsSkipped() throws Exception {
    cli(
        "schedule",
        "create",
        "no-overlap",
        "--cron",
        "cron(0 3 ? * SUN *)",
        "--overlap",
        "skip",
        "--",
        "deploy",
        "--app",
        "shop",
        "--version",
        "4.0.0",
        "--env",
        "overlap",
        "--max-concurrency",
        "1",
        "--spec",
        slowSpec.toString());
    cli("schedule", "trigger", "no-overlap");
    ScheduleDescription running =
        awaitSchedule(
            "no-overlap", s -> !s.getInfo().getRunningActions().isEmpty(), Duration.ofSeconds(30));
    cli("schedule", "trigger", "no-overlap");
    ScheduleDescription skipped =
        awaitSchedule(
            "no-overlap",
            s -> s.getInfo().getNumActionsSkippedOverlap() == 1,
            Duration.ofSeconds(30));
    assertThat(skipped.getInfo().getNumActions()).isEqualTo(1);
    assertThat(skipped.getInfo().getRunningActions()).hasSize(1);
    assertThat(cli("schedule", "describe", "no-overlap").out())
        .contains("runs so far: 1, skipped (overlap) 1");
    assertThat(
            json("schedule", "describe", "no-overlap", "--output", "json")
                .get("skippedOverlap")
                .asLong())
        .isEqualTo(1);

    MaintenanceWindowResult r = result(recentWorkflowId(running));
    assertThat(r.outcome()).as(r.message()).isEqualTo(WindowOutcome.SUCCEEDED);
    assertThat(clients.schedules().getHandle("no-overlap").describe().getInfo().getNumActions())
        .isEqualTo(1);
    cli("schedule", "delete", "no-overlap");
  }

  @Test
  void theCutoffStopsLaunchingInstancesAndSkipsLaterTasks() throws Exception {
    // Instances take ~3 s one at a time; no instance starts after 8 s (20 s - 12 s).
    cli(
        "schedule",
        "create",
        "cutoff",
        "--cron",
        "cron(0 3 ? * SUN *)",
        "--duration",
        "20s",
        "--cutoff",
        "12s",
        "--",
        "deploy",
        "--app",
        "shop",
        "--version",
        "5.0.0",
        "--env",
        "cutoff",
        "--max-concurrency",
        "1",
        "--failure-policy",
        "stop",
        "--spec",
        slowSpec.toString(),
        "--",
        "audit",
        "--env",
        "cutoff");
    cli("schedule", "trigger", "cutoff");
    MaintenanceWindowResult r =
        result(
            recentWorkflowId(
                awaitSchedule(
                    "cutoff",
                    s -> !s.getInfo().getRecentActions().isEmpty(),
                    Duration.ofSeconds(30))));
    cli("schedule", "delete", "cutoff");

    assertThat(r.cutoffMillis() - r.windowStartMillis()).isEqualTo(8_000);
    assertThat(r.endMillis() - r.windowStartMillis()).isEqualTo(20_000);
    WindowTaskResult deploy = r.tasks().get(0);
    assertThat(deploy.status()).as(deploy.message()).isEqualTo(TaskStatus.FAILED);
    assertThat(deploy.message()).contains("launch cutoff");
    assertThat(r.tasks().get(1).status()).isEqualTo(TaskStatus.SKIPPED_CUTOFF);
    assertThat(r.outcome()).isEqualTo(WindowOutcome.FAILED);
    int started = 0;
    for (String id : sim.ids("Environment=cutoff")) {
      if (!sim.commandCounts(id).isEmpty()) {
        started++;
        assertThat(sim.file(id, "/opt/shop/VERSION")).as(id).isEqualTo("5.0.0");
      }
    }
    assertThat(started).as("instances started before the cutoff").isBetween(1, 3);
  }

  @Test
  void theEndOfTheWindowCancelsTheRunningOperationWhichRollsBack() throws Exception {
    // The first instance installs for 10 s; the window ends after 6 s.
    cli(
        "schedule",
        "create",
        "ending",
        "--cron",
        "cron(0 3 ? * SUN *)",
        "--duration",
        "6s",
        "--cutoff",
        "1s",
        "--",
        "deploy",
        "--app",
        "shop",
        "--version",
        "6.0.0",
        "--env",
        "ending",
        "--max-concurrency",
        "1",
        "--spec",
        longSpec.toString());
    cli("schedule", "trigger", "ending");
    MaintenanceWindowResult r =
        result(
            recentWorkflowId(
                awaitSchedule(
                    "ending",
                    s -> !s.getInfo().getRecentActions().isEmpty(),
                    Duration.ofSeconds(30))));
    cli("schedule", "delete", "ending");

    assertThat(r.endMillis() - r.windowStartMillis()).isEqualTo(6_000);
    WindowTaskResult deploy = r.tasks().get(0);
    assertThat(deploy.status()).as(deploy.message()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(deploy.message()).contains("cancelled at the end of the window");
    List<String> ids = sim.ids("Environment=ending");
    assertThat(sim.file(ids.get(0), "/opt/shop/VERSION")).isEqualTo("rolled-back");
    assertThat(sim.commandCounts(ids.get(0)).keySet())
        .anyMatch(text -> text.contains("rolled-back"));
    assertThat(sim.commandCounts(ids.get(1))).isEmpty();
    assertThat(r.outcome()).isEqualTo(WindowOutcome.FAILED);
  }

  private static RealTemporal.Cli cli(String... args) {
    return RealTemporal.Cli.run(env, args).ok();
  }

  private static JsonNode json(String... args) {
    try {
      return Json.MAPPER.readTree(cli(args).out());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ScheduleDescription awaitSchedule(
      String name, Predicate<ScheduleDescription> wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ScheduleDescription d = null;
    while (System.nanoTime() < deadline) {
      d = clients.schedules().getHandle(name).describe();
      if (wanted.test(d)) {
        return d;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("schedule " + name + " never got there: " + d.getInfo());
  }

  private static String recentWorkflowId(ScheduleDescription d) {
    var actions = d.getInfo().getRecentActions();
    var action =
        actions.isEmpty()
            ? d.getInfo().getRunningActions().get(0)
            : actions.get(actions.size() - 1).getAction();
    return ((io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow) action)
        .getWorkflowId();
  }

  private static MaintenanceWindowResult result(String workflowId) throws Exception {
    return clients
        .workflows()
        .newUntypedWorkflowStub(workflowId)
        .getResultAsync(MaintenanceWindowResult.class)
        .get(2, TimeUnit.MINUTES);
  }
}
