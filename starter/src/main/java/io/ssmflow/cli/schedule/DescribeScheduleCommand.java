package io.ssmflow.cli.schedule;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow schedule describe NAME}: spec, next 5 runs in the zone, recent runs. */
@Command(name = "describe", description = "Show a schedule: its spec, next 5 runs, recent runs.")
final class DescribeScheduleCommand implements Callable<Integer> {
  static final int NEXT = 5;

  @ParentCommand ScheduleCommand parent;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Override
  public Integer call() {
    ScheduleDescription d;
    try (ScheduleClients.Session session =
        ScheduleCommand.clients.open(common.temporal(parent.cli().env()))) {
      d = ScheduleClients.call(name, () -> session.client().getHandle(name).describe());
    }
    WindowDefinition def = WindowDefinition.of(d);
    if (def == null) {
      throw CliError.badInput(
          "schedule "
              + name
              + " was not created by ssmflow (its action"
              + " does not start MaintenanceWindowWorkflow)");
    }
    boolean paused = d.getSchedule().getState().isPaused();
    String note = d.getSchedule().getState().getNote();
    List<String> next = ScheduleView.nextRuns(def, Instant.now(), NEXT);
    ScheduleInfo info = d.getInfo();
    List<Map<String, Object>> recent = new ArrayList<>();
    for (ScheduleActionResult a : info.getRecentActions()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("scheduledAt", ScheduleView.time(a.getScheduledAt(), def));
      r.put("startedAt", ScheduleView.time(a.getStartedAt(), def));
      r.put("workflowId", workflowId(a.getAction()));
      recent.add(r);
    }
    PrintWriter out = parent.cli().out();
    if (common.json()) {
      Map<String, Object> doc = ScheduleView.json(def, paused, note, next, recent);
      doc.put("running", info.getRunningActions().stream().map(this::workflowId).toList());
      doc.put("actionsTaken", info.getNumActions());
      doc.put("skippedOverlap", info.getNumActionsSkippedOverlap());
      out.println(Json.write(doc));
      return 0;
    }
    out.println(
        "schedule "
            + name
            + ": "
            + (paused ? "paused" : "active")
            + (note == null || note.isBlank() ? "" : " (" + note + ")"));
    out.print(ScheduleView.summary(def));
    out.println("  temporal spec: " + spec(d.getSchedule().getSpec(), def));
    out.println("  next " + NEXT + " runs" + (paused ? " (once unpaused)" : "") + ":");
    for (String t : next) {
      out.println("    " + t);
    }
    if (next.isEmpty()) {
      out.println("    none: the expression never fires again");
    }
    out.println(
        "  runs so far: "
            + info.getNumActions()
            + (info.getNumActionsSkippedOverlap() > 0
                ? ", skipped (overlap) " + info.getNumActionsSkippedOverlap()
                : "")
            + (info.getNumActionsMissedCatchupWindow() > 0
                ? ", missed (catch-up window) " + info.getNumActionsMissedCatchupWindow()
                : ""));
    for (ScheduleActionExecution running : info.getRunningActions()) {
      out.println("    running: " + workflowId(running));
    }
    if (!recent.isEmpty()) {
      out.println("  recent runs:");
      for (Map<String, Object> r : recent) {
        out.println("    " + r.get("scheduledAt") + "  " + r.get("workflowId"));
      }
    }
    return 0;
  }

  private String workflowId(ScheduleActionExecution e) {
    return e instanceof ScheduleActionExecutionStartWorkflow w
        ? w.getWorkflowId()
        : String.valueOf(e);
  }

  private static String spec(ScheduleSpec spec, WindowDefinition def) {
    int calendars = spec.getCalendars() == null ? 0 : spec.getCalendars().size();
    int intervals = spec.getIntervals() == null ? 0 : spec.getIntervals().size();
    String what =
        calendars > 0
            ? calendars + " calendar" + (calendars == 1 ? "" : "s")
            : intervals + " interval" + (intervals == 1 ? "" : "s");
    return what
        + " in "
        + spec.getTimeZoneName()
        + (def.expression().exact()
            ? ", fires exactly when AWS would"
            : ", fires on a superset of the AWS times; runs at other times end NOT_DUE at once");
  }
}
