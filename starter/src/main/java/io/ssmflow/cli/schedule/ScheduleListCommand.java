package io.ssmflow.cli.schedule;

import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleListDescription;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow schedule list}: the maintenance windows, with their next run. */
@Command(name = "list", description = "List maintenance window schedules.")
final class ScheduleListCommand implements Callable<Integer> {
  @ParentCommand ScheduleCommand parent;
  @Mixin CommonOptions common;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "At most this many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    List<Map<String, Object>> rows = new ArrayList<>();
    Instant now = Instant.now();
    try (ScheduleClients.Session session =
        ScheduleCommand.clients.open(common.temporal(parent.cli().env()))) {
      List<ScheduleListDescription> listed =
          ScheduleClients.call(
              null,
              () ->
                  session
                      .client()
                      .listSchedules(Math.max(1, Math.min(limit, 1000)))
                      .limit(Math.max(1, limit))
                      .toList());
      for (ScheduleListDescription s : listed) {
        // The list entry has no action arguments: describe each (a handful of windows).
        ScheduleDescription d =
            ScheduleClients.call(
                s.getScheduleId(), () -> session.client().getHandle(s.getScheduleId()).describe());
        WindowDefinition def = WindowDefinition.of(d);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("schedule", s.getScheduleId());
        row.put("paused", d.getSchedule().getState().isPaused());
        row.put("expression", def == null ? "(not an ssmflow window)" : def.expression().text());
        row.put("timeZone", def == null ? "" : def.zone().getId());
        List<String> next = def == null ? List.of() : ScheduleView.nextRuns(def, now, 1);
        row.put("nextRun", next.isEmpty() ? null : next.get(0));
        row.put("tasks", def == null ? 0 : def.tasks().size());
        rows.add(row);
      }
    }
    PrintWriter out = parent.cli().out();
    if (common.json()) {
      out.println(Json.write(Map.of("schedules", rows)));
      return 0;
    }
    if (rows.isEmpty()) {
      out.println("no schedules (create one with `ssmflow schedule create`)");
      return 0;
    }
    out.println(
        String.format(
            "%-24s %-7s %-32s %-20s %s", "NAME", "STATE", "EXPRESSION", "ZONE", "NEXT RUN"));
    for (Map<String, Object> r : rows) {
      out.println(
          String.format(
              "%-24s %-7s %-32s %-20s %s",
              r.get("schedule"),
              (boolean) r.get("paused") ? "paused" : "active",
              r.get("expression"),
              r.get("timeZone"),
              r.get("nextRun") == null ? "never" : r.get("nextRun")));
    }
    return 0;
  }
}
