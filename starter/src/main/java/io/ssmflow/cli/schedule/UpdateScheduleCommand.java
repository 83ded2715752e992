package io.ssmflow.cli.schedule;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.worker.WorkerConfig;
import io.ssmflow.workflows.schedule.AwsSchedule;
import io.ssmflow.workflows.window.WindowTask;
import io.temporal.client.schedules.ScheduleUpdate;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow schedule update NAME [window flags] [-- OPERATION FLAGS...]}: changes what is
 * given, keeps the rest (and the paused state).
 */
@Command(
    name = "update",
    description =
        "Change a schedule's expression, zone, duration, cutoff,"
            + " overlap or operation (after --); what is not given stays.")
final class UpdateScheduleCommand implements Callable<Integer> {
  @ParentCommand ScheduleCommand parent;
  @Mixin CommonOptions common;
  @Mixin WindowOptions window;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(
      index = "1..*",
      paramLabel = "OPERATION",
      description = "After --: the new operation and its flags.")
  List<String> operation;

  @Override
  public Integer call() {
    WindowDefinition.checkNameOrFail(name);
    AwsSchedule expression;
    List<WindowTask> tasks;
    try {
      // everything given is checked before anything is contacted
      expression = window.expression();
      window.zone(null);
      window.duration(null);
      window.cutoff(null);
      window.overlap(null);
      tasks =
          operation == null || operation.isEmpty() ? null : ScheduledOperations.parse(operation);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
    WorkerConfig config = common.temporal(parent.cli().env());
    WindowDefinition[] updated = new WindowDefinition[1];
    boolean[] paused = new boolean[1];
    String[] note = new String[1];
    try (ScheduleClients.Session session = ScheduleCommand.clients.open(config)) {
      ScheduleClients.run(
          name,
          () ->
              session
                  .client()
                  .getHandle(name)
                  .update(
                      input -> {
                        WindowDefinition old = WindowDefinition.of(input.getDescription());
                        if (old == null) {
                          throw CliError.badInput(
                              "schedule " + name + " was not created by ssmflow");
                        }
                        try {
                          updated[0] =
                              new WindowDefinition(
                                  name,
                                  expression == null ? old.expression() : expression,
                                  window.zone(old.zone()),
                                  window.duration(old.duration()),
                                  window.cutoff(old.cutoff()),
                                  window.overlap(old.overlap()),
                                  tasks == null ? old.tasks() : tasks);
                        } catch (IllegalArgumentException e) {
                          throw CliError.badInput(e.getMessage());
                        }
                        var state = input.getDescription().getSchedule().getState();
                        paused[0] = state.isPaused();
                        note[0] = state.getNote();
                        return new ScheduleUpdate(
                            updated[0].schedule(
                                config.taskQueue(), state.isPaused(), state.getNote()));
                      }));
    }
    PrintWriter out = parent.cli().out();
    List<String> next = ScheduleView.nextRuns(updated[0], Instant.now(), 1);
    if (common.json()) {
      out.println(Json.write(ScheduleView.json(updated[0], paused[0], note[0], next, null)));
    } else {
      out.println("updated schedule " + name);
      out.print(ScheduleView.summary(updated[0]));
      out.println("  next run: " + (next.isEmpty() ? "never" : next.get(0)));
    }
    return 0;
  }
}
