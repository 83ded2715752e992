package io.ssmflow.cli.schedule;

import io.ssmflow.workflows.deploy.DeploymentRequest;
import io.ssmflow.workflows.patch.PatchRequest;
import io.ssmflow.workflows.window.WindowTask;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How schedules read on the terminal and in JSON. */
final class ScheduleView {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx '('VV')'");

  private ScheduleView() {}

  /** The AWS fire times after {@code now}, in the window's zone. */
  static List<String> nextRuns(WindowDefinition def, Instant now, int count) {
    List<String> out = new ArrayList<>();
    for (ZonedDateTime t : def.expression().nextFireTimes(now, def.zone(), count)) {
      out.add(TIME.format(t));
    }
    return out;
  }

  static String time(Instant t, WindowDefinition def) {
    return t == null
        ? "-"
        : TIME.format(def == null ? t.atZone(java.time.ZoneOffset.UTC) : t.atZone(def.zone()));
  }

  /** Lines describing the window (indented). */
  static String summary(WindowDefinition def) {
    StringBuilder b = new StringBuilder();
    b.append("  ")
        .append(def.expression().text())
        .append(" in ")
        .append(def.zone().getId())
        .append(", window ")
        .append(WindowOptions.human(def.duration()))
        .append(", cutoff ")
        .append(WindowOptions.human(def.cutoff()))
        .append(" (no task starts after ")
        .append(WindowOptions.human(def.duration().minus(def.cutoff())))
        .append("), overlap ")
        .append(def.overlap().cliName)
        .append('\n');
    for (WindowTask t : def.tasks()) {
      b.append("  task ")
          .append(t.name())
          .append(" (priority ")
          .append(t.priority())
          .append("): ")
          .append(task(t))
          .append('\n');
    }
    return b.toString();
  }

  /** A task as the command that would run it. */
  static String task(WindowTask t) {
    return switch (t.operation()) {
      case DEPLOY -> deploy(t.deploy());
      case PATCH -> patch(t.patch());
      case AUDIT ->
          "audit --targets '"
              + t.audit().targets().describe()
              + "'"
              + (t.audit().environment() == null ? "" : " --env " + t.audit().environment())
              + " --max-concurrency "
              + t.audit().maxConcurrency().text()
              + " ("
              + t.audit().checks().size()
              + " checks)";
      case RUNBOOK -> runbook(t.runbook());
    };
  }

  private static String runbook(io.ssmflow.workflows.runbook.RunbookRequest r) {
    StringBuilder b = new StringBuilder("runbook run ").append(r.document().name());
    r.parameters()
        .forEach(
            (k, v) ->
                b.append(" --param ")
                    .append(k)
                    .append('=')
                    .append(
                        io.ssmflow.workflows.runbook.doc.Values.clip(
                            io.ssmflow.workflows.runbook.doc.Values.text(v), 60)));
    if (r.instanceTargets() != null) {
      b.append(" --targets '").append(r.instanceTargets().describe()).append('\'');
    }
    return b.append(" (").append(r.document().steps().size()).append(" steps)").toString();
  }

  private static String deploy(DeploymentRequest r) {
    return "deploy --app "
        + r.app()
        + " --version "
        + r.version()
        + " --env "
        + r.environment()
        + " --targets '"
        + r.targets().describe()
        + "' --max-concurrency "
        + r.maxConcurrency()
        + " --max-errors "
        + r.maxErrors()
        + (r.canaryCount() > 0 ? " --canary " + r.canaryCount() : "")
        + " --failure-policy "
        + r.failurePolicy().cliName();
  }

  private static String patch(PatchRequest r) {
    return "patch --targets '"
        + r.targets().describe()
        + "' --operation "
        + r.operation().awsName()
        + " --reboot-option "
        + r.rebootOption().awsName()
        + " --env "
        + r.environment()
        + " --max-concurrency "
        + r.maxConcurrency()
        + " --max-errors "
        + r.maxErrors();
  }

  static Map<String, Object> json(
      WindowDefinition def,
      boolean paused,
      String note,
      List<String> nextRuns,
      List<Map<String, Object>> recentRuns) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schedule", def.name());
    m.put("workflowIdPrefix", WindowDefinition.workflowId(def.name()));
    m.put("expression", def.expression().text());
    m.put("timeZone", def.zone().getId());
    m.put("duration", def.duration().toString());
    m.put("cutoff", def.cutoff().toString());
    m.put("overlap", def.overlap().cliName);
    m.put("paused", paused);
    m.put("note", note);
    m.put("exactSpec", def.expression().exact());
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (WindowTask t : def.tasks()) {
      Map<String, Object> task = new LinkedHashMap<>();
      task.put("name", t.name());
      task.put("priority", t.priority());
      task.put("operation", t.operation().name().toLowerCase(java.util.Locale.ROOT));
      task.put("command", task(t));
      tasks.add(task);
    }
    m.put("tasks", tasks);
    m.put("nextRuns", nextRuns);
    if (recentRuns != null) {
      m.put("recentRuns", recentRuns);
    }
    return m;
  }
}
