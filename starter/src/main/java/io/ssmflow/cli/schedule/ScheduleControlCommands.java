package io.ssmflow.cli.schedule;

import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.temporal.client.schedules.ScheduleHandle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pause}, {@code unpause}, {@code trigger}, {@code delete}: one call on a handle. */
final class ScheduleControlCommands {
  private ScheduleControlCommands() {}

  /** The shared part: NAME, the connection, one line (or JSON) of confirmation. */
  abstract static class Control implements Callable<Integer> {
    @ParentCommand ScheduleCommand parent;
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    Integer act(String done, Consumer<ScheduleHandle> action) {
      WindowDefinition.checkNameOrFail(name);
      try (ScheduleClients.Session session =
          ScheduleCommand.clients.open(common.temporal(parent.cli().env()))) {
        ScheduleClients.run(name, () -> action.accept(session.client().getHandle(name)));
      }
      if (common.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schedule", name);
        doc.put("result", done);
        parent.cli().out().println(Json.write(doc));
      } else {
        parent.cli().out().println(done + " schedule " + name);
      }
      return 0;
    }
  }

  @Command(name = "pause", description = "Pause a schedule: no run starts until unpaused.")
  static final class Pause extends Control {
    @Option(names = "--note", description = "Why (shown by describe and the Web UI).")
    String note;

    @Override
    public Integer call() {
      return act("paused", h -> h.pause(note == null ? "paused with ssmflow" : note));
    }
  }

  @Command(name = "unpause", description = "Unpause a schedule.")
  static final class Unpause extends Control {
    @Option(names = "--note", description = "Why.")
    String note;

    @Override
    public Integer call() {
      return act("unpaused", h -> h.unpause(note == null ? "unpaused with ssmflow" : note));
    }
  }

  @Command(
      name = "trigger",
      description =
          "Start a window run now (always due; the schedule's" + " overlap policy applies).")
  static final class Trigger extends Control {
    @Override
    public Integer call() {
      return act("triggered", ScheduleHandle::trigger);
    }
  }

  @Command(name = "delete", description = "Delete a schedule (running windows go on).")
  static final class Delete extends Control {
    @Override
    public Integer call() {
      return act("deleted", ScheduleHandle::delete);
    }
  }
}
