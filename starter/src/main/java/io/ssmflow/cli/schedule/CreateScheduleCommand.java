package io.ssmflow.cli.schedule;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.worker.WorkerConfig;
import io.ssmflow.workflows.schedule.AwsSchedule;
import io.ssmflow.workflows.window.WindowTask;
import io.temporal.client.schedules.ScheduleOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow schedule create NAME (--cron|--rate) ... -- OPERATION FLAGS...}. */
@Command(
    name = "create",
    description =
        "Create a maintenance window: a Temporal schedule whose"
            + " runs execute the operation after --, e.g. -- deploy --app shop --version 2.0.0"
            + " --env production.")
final class CreateScheduleCommand implements Callable<Integer> {
  static final Duration DEFAULT_DURATION = Duration.ofHours(4);
  static final Duration DEFAULT_CUTOFF = Duration.ofHours(1);

  @ParentCommand ScheduleCommand parent;
  @Mixin CommonOptions common;
  @Mixin WindowOptions window;

  @Option(names = "--paused", description = "Create it paused (unpause to start running).")
  boolean paused;

  @Parameters(index = "0", paramLabel = "NAME", description = "The schedule's name.")
  String name;

  @Parameters(
      index = "1..*",
      paramLabel = "OPERATION",
      description =
          "After --: the ssmflow operation and its flags (more operations: separate"
              + " them with --; they run in that order).")
  List<String> operation;

  @Override
  public Integer call() {
    WindowDefinition def = definition();
    WorkerConfig config = common.temporal(parent.cli().env());
    String note = paused ? "created paused by ssmflow" : "created by ssmflow";
    try (ScheduleClients.Session session = ScheduleCommand.clients.open(config)) {
      ScheduleClients.call(
          name,
          () ->
              session
                  .client()
                  .createSchedule(
                      name,
                      def.schedule(config.taskQueue(), paused, note),
                      ScheduleOptions.newBuilder().build()));
    }
    PrintWriter out = parent.cli().out();
    List<String> next = ScheduleView.nextRuns(def, Instant.now(), 1);
    if (common.json()) {
      out.println(Json.write(ScheduleView.json(def, paused, note, next, null)));
    } else {
      out.println(
          "created schedule "
              + name
              + " (runs start workflow ids "
              + WindowDefinition.workflowId(name)
              + "-<time>)"
              + (paused ? ", paused" : ""));
      out.print(ScheduleView.summary(def));
      out.println(
          "  next run: "
              + (next.isEmpty() ? "never" : next.get(0))
              + (paused ? " (once unpaused)" : ""));
    }
    return 0;
  }

  /** Every flag and the operation checked; nothing is contacted. */
  WindowDefinition definition() {
    try {
      WindowDefinition.checkName(name);
      AwsSchedule expression = window.expression();
      if (expression == null) {
        throw new IllegalArgumentException(
            "give the schedule: --cron 'cron(...)' or --rate" + " 'rate(N unit)'");
      }
      ZoneId zone = window.zone(ZoneId.of("UTC"));
      Duration duration = window.duration(DEFAULT_DURATION);
      Duration cutoff = window.cutoff(DEFAULT_CUTOFF);
      Overlap overlap = window.overlap(Overlap.SKIP);
      List<WindowTask> tasks = ScheduledOperations.parse(operation);
      return new WindowDefinition(name, expression, zone, duration, cutoff, overlap, tasks);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }
}
