package io.ssmflow.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.Json;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.schedule.AwsSchedule;
import io.ssmflow.workflows.window.MaintenanceWindowRequest;
import io.ssmflow.workflows.window.WindowOperation;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ssmflow schedule ...} against a fake of the SDK's ScheduleClient. */
class ScheduleCommandTest {
  private static final Map<String, String> ENV = Map.of();
  private static final String[] DEPLOY = {
    "--",
    "deploy",
    "--app",
    "shop",
    "--version",
    "2.0.0",
    "--env",
    "production",
    "--max-concurrency",
    "25%"
  };

  private FakeScheduleClient fake;

  @BeforeEach
  void useFake() {
    fake = new FakeScheduleClient();
    ScheduleCommand.clients =
        config ->
            new ScheduleClients.Session() {
              @Override
              public io.temporal.client.schedules.ScheduleClient client() {
                return fake;
              }

              @Override
              public void close() {}
            };
  }

  @AfterEach
  void restore() {
    ScheduleCommand.clients = ScheduleClients.TEMPORAL;
  }

  @Test
  void createMapsTheWindowOntoATemporalSchedule() {
    Cli r =
        create(
            "weekly-web",
            "--cron",
            "cron(0 2 ? * SUN *)",
            "--timezone",
            "Europe/Paris",
            "--duration",
            "4h",
            "--cutoff",
            "1h",
            "--overlap",
            "buffer-one");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("created schedule weekly-web")
        .contains("cron(0 2 ? * SUN *) in Europe/Paris, window 4h, cutoff 1h")
        .contains("next run: ");
    Schedule s = fake.schedules.get("weekly-web").schedule;
    assertThat(s.getSpec())
        .isEqualTo(
            AwsSchedule.parse("cron(0 2 ? * SUN *)").toTemporalSpec(ZoneId.of("Europe/Paris")));
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) s.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("MaintenanceWindowWorkflow");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("window-weekly-web");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("ssmflow");
    assertThat(action.getOptions().getTypedSearchAttributes().get(SsmflowAttributes.OPERATION))
        .isEqualTo("window");
    MaintenanceWindowRequest request = action.getArguments().get(0, MaintenanceWindowRequest.class);
    assertThat(request.windowName()).isEqualTo("weekly-web");
    assertThat(request.windowStartMillis()).isZero();
    assertThat(request.scheduleExpression()).isEqualTo("cron(0 2 ? * SUN *)");
    assertThat(request.timeZone()).isEqualTo("Europe/Paris");
    assertThat(request.duration()).isEqualTo(Duration.ofHours(4));
    assertThat(request.cutoff()).isEqualTo(Duration.ofHours(1));
    assertThat(request.tasks()).hasSize(1);
    assertThat(request.tasks().get(0).operation()).isEqualTo(WindowOperation.DEPLOY);
    assertThat(request.tasks().get(0).deploy().app()).isEqualTo("shop");
    assertThat(request.tasks().get(0).deploy().maxConcurrency().text()).isEqualTo("25%");
    assertThat(request.tasks().get(0).deploy().launchCutoffMillis()).isZero();
    assertThat(s.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE);
    assertThat(s.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofHours(3));
    assertThat(s.getState().isPaused()).isFalse();
  }

  @Test
  void createPausedWithARateAndJsonOutput() {
    Cli r = create("twice-a-day", "--rate", "rate(12 hours)", "--paused", "--output", "json");

    assertThat(r.exit()).as(r.err()).isZero();
    Schedule s = fake.schedules.get("twice-a-day").schedule;
    assertThat(s.getState().isPaused()).isTrue();
    assertThat(s.getSpec().getIntervals()).hasSize(1);
    assertThat(s.getSpec().getIntervals().get(0).getEvery()).isEqualTo(Duration.ofHours(12));
    assertThat(s.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    JsonNode doc = json(r.out());
    assertThat(doc.get("schedule").asText()).isEqualTo("twice-a-day");
    assertThat(doc.get("paused").asBoolean()).isTrue();
    assertThat(doc.get("expression").asText()).isEqualTo("rate(12 hours)");
    assertThat(doc.get("tasks").get(0).get("operation").asText()).isEqualTo("deploy");
  }

  @Test
  void listShowsEveryWindowWithItsNextRun() {
    create("weekly-web", "--cron", "cron(0 2 ? * SUN *)");
    create("hourly", "--rate", "rate(1 hour)", "--paused");

    Cli text = Cli.run(ENV, "schedule", "list");
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("weekly-web")
        .contains("cron(0 2 ? * SUN *)")
        .contains("hourly")
        .contains("rate(1 hour)")
        .contains("paused")
        .contains("active");

    JsonNode doc = json(Cli.run(ENV, "schedule", "list", "--output", "json").out());
    assertThat(doc.get("schedules")).hasSize(2);
    assertThat(doc.get("schedules").get(1).get("paused").asBoolean()).isTrue();
    assertThat(doc.get("schedules").get(0).get("nextRun").asText()).contains("02:00 +00:00 (UTC)");
  }

  @Test
  void describeShowsTheSpecTheNextFiveRunsInTheZoneAndRecentRuns() {
    create("last-friday", "--cron", "cron(15 10 ? * 6L *)", "--timezone", "America/New_York");
    assertThat(Cli.run(ENV, "schedule", "trigger", "last-friday").exit()).isZero();

    Instant before = Instant.now();
    Cli r = Cli.run(ENV, "schedule", "describe", "last-friday");

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> expected = new ArrayList<>();
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx '('VV')'");
    AwsSchedule.parse("cron(15 10 ? * 6L *)")
        .nextFireTimes(before, ZoneId.of("America/New_York"), 5)
        .forEach(t -> expected.add("    " + f.format(t)));
    List<String> lines = r.out().lines().toList();
    int at = lines.indexOf("  next 5 runs:");
    assertThat(at).as(r.out()).isPositive();
    assertThat(lines.subList(at + 1, at + 6)).isEqualTo(expected);
    assertThat(expected).allMatch(l -> l.contains(" 10:15 ") && l.endsWith("(America/New_York)"));
    assertThat(r.out())
        .contains("schedule last-friday: active")
        .contains("superset of the AWS times")
        .contains("recent runs:")
        .contains("window-last-friday-");

    JsonNode doc =
        json(Cli.run(ENV, "schedule", "describe", "last-friday", "--output", "json").out());
    assertThat(doc.get("nextRuns")).hasSize(5);
    assertThat(doc.get("recentRuns")).hasSize(1);
    assertThat(doc.get("exactSpec").asBoolean()).isFalse();
  }

  @Test
  void pauseUnpauseTriggerDelete() {
    create("weekly-web", "--cron", "cron(0 2 ? * SUN *)");

    Cli paused = Cli.run(ENV, "schedule", "pause", "weekly-web", "--note", "change freeze");
    assertThat(paused.exit()).isZero();
    assertThat(paused.out()).isEqualTo("paused schedule weekly-web\n");
    assertThat(fake.schedules.get("weekly-web").schedule.getState().isPaused()).isTrue();
    assertThat(Cli.run(ENV, "schedule", "describe", "weekly-web").out())
        .contains("paused (change freeze)");

    assertThat(Cli.run(ENV, "schedule", "unpause", "weekly-web").exit()).isZero();
    assertThat(fake.schedules.get("weekly-web").schedule.getState().isPaused()).isFalse();

    Cli trigger = Cli.run(ENV, "schedule", "trigger", "weekly-web", "--output", "json");
    assertThat(json(trigger.out()).get("result").asText()).isEqualTo("triggered");
    assertThat(fake.schedules.get("weekly-web").recent).hasSize(1);

    assertThat(Cli.run(ENV, "schedule", "delete", "weekly-web").exit()).isZero();
    assertThat(fake.schedules).isEmpty();
    Cli gone = Cli.run(ENV, "schedule", "describe", "weekly-web");
    assertThat(gone.exit()).isEqualTo(2);
    assertThat(gone.errLines())
        .containsExactly(
            "ssmflow: no schedule named weekly-web (see" + " `ssmflow schedule list`)");
    assertThat(Cli.run(ENV, "schedule", "pause", "weekly-web").exit()).isEqualTo(2);
  }

  @Test
  void updateChangesWhatIsGivenAndKeepsTheRest() {
    create("weekly-web", "--cron", "cron(0 2 ? * SUN *)", "--timezone", "Europe/Paris");
    Cli.run(ENV, "schedule", "pause", "weekly-web");

    Cli r =
        Cli.run(
            ENV,
            "schedule",
            "update",
            "weekly-web",
            "--cron",
            "cron(0 3 ? * SAT *)",
            "--cutoff",
            "30m");
    assertThat(r.exit()).as(r.err()).isZero();
    Schedule s = fake.schedules.get("weekly-web").schedule;
    assertThat(s.getSpec())
        .isEqualTo(
            AwsSchedule.parse("cron(0 3 ? * SAT *)").toTemporalSpec(ZoneId.of("Europe/Paris")));
    MaintenanceWindowRequest request = request("weekly-web");
    assertThat(request.cutoff()).isEqualTo(Duration.ofMinutes(30));
    assertThat(request.duration()).isEqualTo(Duration.ofHours(4));
    assertThat(request.tasks().get(0).deploy().version()).isEqualTo("2.0.0");
    assertThat(s.getState().isPaused()).as("update keeps the paused state").isTrue();

    Cli op =
        Cli.run(
            ENV,
            "schedule",
            "update",
            "weekly-web",
            "--",
            "deploy",
            "--app",
            "shop",
            "--version",
            "2.1.0",
            "--env",
            "production");
    assertThat(op.exit()).as(op.err()).isZero();
    assertThat(request("weekly-web").tasks().get(0).deploy().version()).isEqualTo("2.1.0");
    assertThat(request("weekly-web").scheduleExpression()).isEqualTo("cron(0 3 ? * SAT *)");

    Cli bad = Cli.run(ENV, "schedule", "update", "weekly-web", "--cutoff", "4h");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.errLines()).hasSize(1);
    assertThat(bad.err()).contains("must be smaller than the duration");
    assertThat(request("weekly-web").cutoff()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void patchAndSeveralOperationsRunInTheOrderGiven() {
    Cli r =
        Cli.run(
            ENV,
            "schedule",
            "create",
            "sunday-patch",
            "--cron",
            "cron(0 2 ? * SUN *)",
            "--",
            "patch",
            "--patch-group",
            "WebServers",
            "--env",
            "staging",
            "--max-concurrency",
            "20%",
            "--",
            "deploy",
            "--app",
            "shop",
            "--version",
            "2.0.0",
            "--env",
            "staging");

    assertThat(r.exit()).as(r.err()).isZero();
    MaintenanceWindowRequest request = request("sunday-patch");
    assertThat(request.tasks())
        .extracting(t -> t.name() + "@" + t.priority())
        .containsExactly("1-patch@0", "2-deploy@1");
    assertThat(request.tasks().get(0).operation()).isEqualTo(WindowOperation.PATCH);
    assertThat(request.tasks().get(0).patch().targets().patchGroup()).isEqualTo("WebServers");
    assertThat(request.tasks().get(0).patch().maxConcurrency().text()).isEqualTo("20%");
    assertThat(request.tasks().get(0).patch().launchCutoffMillis()).isZero();
    assertThat(r.out())
        .contains("task 1-patch (priority 0): patch ")
        .contains("task 2-deploy (priority 1): deploy --app shop");
  }

  @Test
  void anAuditCanBeScheduled() {
    Cli r =
        Cli.run(
            ENV,
            "schedule",
            "create",
            "nightly-audit",
            "--cron",
            "cron(0 1 * * ? *)",
            "--",
            "audit",
            "--env",
            "staging",
            "--max-concurrency",
            "50%");

    assertThat(r.exit()).as(r.err()).isZero();
    MaintenanceWindowRequest request = request("nightly-audit");
    assertThat(request.tasks().get(0).operation()).isEqualTo(WindowOperation.AUDIT);
    assertThat(request.tasks().get(0).audit().environment()).isEqualTo("staging");
    assertThat(request.tasks().get(0).audit().maxConcurrency().text()).isEqualTo("50%");
    assertThat(request.tasks().get(0).audit().launchCutoffMillis()).isZero();
    assertThat(r.out()).contains("task 1-audit (priority 0): audit ");
  }

  @Test
  void aSecondCreateWithTheSameNameIsRefused() {
    create("weekly-web", "--cron", "cron(0 2 ? * SUN *)");
    Cli r = create("weekly-web", "--cron", "cron(0 3 ? * SUN *)");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("a schedule named weekly-web already exists");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of(
            List.of("--cron", "cron(0 2 * * SUN *)"),
            "position 5 (day-of-week 'SUN'):"
                + " both day-of-month and day-of-week are set; one must be ?"),
        Arguments.of(List.of("--rate", "rate(0 minutes)"), "positive whole number"),
        Arguments.of(List.of("--rate", "rate(1 hours)"), "singular"),
        Arguments.of(
            List.of("--cron", "cron(0 2 ? * SUN *)", "--timezone", "Mars/Olympus"),
            "unknown time zone 'Mars/Olympus'"),
        Arguments.of(
            List.of("--cron", "cron(0 2 ? * SUN *)", "--duration", "2h", "--cutoff", "2h"),
            "cutoff (PT2H) must be smaller than the duration (PT2H)"),
        Arguments.of(
            List.of("--cron", "cron(0 2 ? * SUN *)", "--duration", "2h", "--cutoff", "3h"),
            "must be smaller than the duration"),
        Arguments.of(
            List.of("--cron", "cron(0 2 ? * SUN *)", "--duration", "soon"),
            "duration must be a duration"),
        Arguments.of(
            List.of("--cron", "cron(0 2 ? * SUN *)", "--overlap", "sometimes"),
            "overlap must be skip, buffer-one or allow"),
        Arguments.of(List.of(), "give the schedule: --cron"),
        Arguments.of(List.of("--cron", "cron(0 2 ? * SUN *)", "--rate", "rate(1 day)"), "not both"),
        Arguments.of(List.of("--cron", "rate(1 day)"), "--cron takes cron(...)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badInput")
  void badWindowInputIsOneLineAndCreatesNothing(List<String> flags, String message) {
    List<String> args = new ArrayList<>(List.of("schedule", "create", "w"));
    args.addAll(flags);
    args.addAll(List.of(DEPLOY));
    Cli r = Cli.run(ENV, args.toArray(String[]::new));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(message);
    assertThat(fake.calls).isEmpty();
  }

  static Stream<Arguments> badOperations() {
    return Stream.of(
        Arguments.of(
            List.of("--", "deploy", "--app", "shop"), "deploy: Missing required" + " option"),
        Arguments.of(
            List.of("--", "deploy", "--app", "shop; rm -rf /", "--version", "1", "--env", "prod"),
            "app"),
        Arguments.of(
            List.of(
                "--",
                "deploy",
                "--app",
                "shop",
                "--version",
                "1",
                "--env",
                "prod",
                "--max-errors",
                "lots"),
            "max"),
        Arguments.of(
            List.of("--", "deploy", "--app", "shop", "--version", "1", "--env", "prod", "--wait"),
            "--wait has no meaning in a schedule"),
        Arguments.of(
            List.of("--", "frobnicate", "--now"), "'frobnicate' is not an ssmflow" + " operation"),
        Arguments.of(
            List.of("--", "params", "audit", "--path", "/shop"),
            "'params' cannot be scheduled by this build yet"),
        Arguments.of(
            List.of("--", "audit", "--sessions"), "audit: --sessions cannot be" + " scheduled"),
        Arguments.of(
            List.of("--", "audit", "--report", "r.md"), "audit: --report follows the" + " run"),
        Arguments.of(
            List.of("--", "patch", "--patch-group", "Web", "--operation", "Wipe"),
            "patch: operation must be Install or Scan"),
        Arguments.of(
            List.of("--", "patch", "--patch-group", "Web", "--", "deploy"),
            "deploy: Missing required option"),
        Arguments.of(List.of(), "give the operation to run after --"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badOperations")
  void anOperationThatDoesNotParseIsOneLineAndCreatesNothing(
      List<String> operation, String message) {
    List<String> args =
        new ArrayList<>(List.of("schedule", "create", "w", "--cron", "cron(0 2 ? * SUN *)"));
    args.addAll(operation);
    Cli r = Cli.run(ENV, args.toArray(String[]::new));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(message);
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void aBadNameIsOneLine() {
    Cli r = create("no/slashes", "--cron", "cron(0 2 ? * SUN *)");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(fake.calls).isEmpty();
  }

  private Cli create(String name, String... flags) {
    List<String> args = new ArrayList<>(List.of("schedule", "create", name));
    args.addAll(List.of(flags));
    args.addAll(List.of(DEPLOY));
    return Cli.run(ENV, args.toArray(String[]::new));
  }

  private MaintenanceWindowRequest request(String name) {
    return ((ScheduleActionStartWorkflow) fake.schedules.get(name).schedule.getAction())
        .getArguments()
        .get(0, MaintenanceWindowRequest.class);
  }

  private static JsonNode json(String out) {
    try {
      return Json.MAPPER.readTree(out);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + out, e);
    }
  }
}
