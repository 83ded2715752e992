package io.ssmflow.cli.runbook;

import io.ssmflow.workflows.runbook.AutomationExecution;
import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.StepExecution;
import io.ssmflow.workflows.runbook.doc.DocumentFormat;
import io.ssmflow.workflows.runbook.doc.Values;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The text views of a runbook run: a step table, the outcome, what to do next. */
public final class RunbookView {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String ROW = "  %-26s %-32s %-11s %-9s %9s  %s";

  private RunbookView() {}

  static String format(DocumentFormat f) {
    return f == DocumentFormat.ORCHESTRATION ? "orchestration" : "Automation document";
  }

  /** One step as a progress line, e.g. {@code check aws:runCommand Success 0.4 s}. */
  static String stepLine(StepExecution s) {
    return String.format(
        "%-26s %-32s %-11s %s",
        s.stepName(),
        s.action(),
        s.status().awsName(),
        s.endMillis() > 0 ? seconds(s.endMillis() - s.startMillis()) : "");
  }

  /** The outcome of a closed run (the result of --wait and of status). */
  public static String result(AutomationExecution e) {
    return table(e) + next(e);
  }

  /** The progress of a run. */
  public static String status(AutomationExecution e) {
    return table(e) + next(e);
  }

  private static String table(AutomationExecution e) {
    StringBuilder b = new StringBuilder();
    b.append(e.executionId())
        .append(": ")
        .append(e.documentName() == null ? "runbook" : e.documentName())
        .append(" (")
        .append(e.format() == null ? "runbook" : format(e.format()))
        .append(") ")
        .append(e.status().awsName())
        .append('\n');
    if (e.startMillis() > 0) {
      b.append("started ")
          .append(Instant.ofEpochMilli(e.startMillis()))
          .append(
              e.endMillis() > 0
                  ? ", ended "
                      + Instant.ofEpochMilli(e.endMillis())
                      + " ("
                      + seconds(e.endMillis() - e.startMillis())
                      + ")"
                  : "")
          .append(e.executedBy() == null ? "" : ", by " + e.executedBy())
          .append(e.redriveCount() > 0 ? ", redriven " + e.redriveCount() + "x" : "")
          .append('\n');
    }
    if (!e.steps().isEmpty() || !e.pendingSteps().isEmpty()) {
      b.append(String.format(ROW, "STEP", "ACTION", "STATUS", "START", "DURATION", "OUTPUTS / WHY"))
          .append('\n');
      for (StepExecution s : e.steps()) {
        b.append(
                String.format(
                    ROW,
                    s.stepName() + (s.redriven() ? " (before)" : ""),
                    s.action(),
                    s.status().awsName(),
                    s.startMillis() == 0 ? "" : TIME.format(Instant.ofEpochMilli(s.startMillis())),
                    s.endMillis() == 0 ? "" : seconds(s.endMillis() - s.startMillis()),
                    detail(s)))
            .append('\n');
      }
      for (String name : e.pendingSteps()) {
        b.append(String.format(ROW, name, "", "Pending", "", "", "")).append('\n');
      }
    }
    if (!e.outputs().isEmpty()) {
      b.append("outputs:\n");
      e.outputs()
          .forEach(
              (k, v) ->
                  b.append("  ")
                      .append(k)
                      .append(" = ")
                      .append(Values.clip(String.join(", ", v).replace('\n', ' ').trim(), 200))
                      .append('\n'));
    }
    if (e.failureMessage() != null) {
      b.append(e.status() == AutomationStatus.CANCELLED ? "" : "failure: ")
          .append(e.failureMessage())
          .append('\n');
    }
    return b.toString();
  }

  private static String next(AutomationExecution e) {
    if (e.status() == AutomationStatus.WAITING) {
      StepExecution waiting =
          e.steps().stream()
              .filter(s -> s.status() == AutomationStatus.WAITING)
              .findFirst()
              .orElse(null);
      boolean approval = waiting != null && "aws:approve".equals(waiting.action());
      return approval
          ? "waiting at "
              + waiting.stepName()
              + ": ssmflow approve "
              + e.executionId()
              + " --reason TEXT, or ssmflow reject "
              + e.executionId()
              + "\n"
          : "paused: ssmflow runbook resume " + e.executionId() + "\n";
    }
    if (e.haltedAt() != null && e.status().terminal() && e.status() != AutomationStatus.SUCCESS) {
      return "redrive from " + e.haltedAt() + ": ssmflow runbook redrive " + e.executionId() + "\n";
    }
    return "";
  }

  private static String detail(StepExecution s) {
    if (s.failureMessage() != null && s.status() != AutomationStatus.SUCCESS) {
      return Values.clip(s.failureMessage().replace('\n', ' '), 120);
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, List<String>> o : s.outputs().entrySet()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(o.getKey())
          .append('=')
          .append(String.join(",", o.getValue()).replace('\n', ' ').trim());
    }
    if (s.nextStep() != null) {
      b.append(b.length() > 0 ? ", " : "").append("-> ").append(s.nextStep());
    }
    return Values.clip(b.toString(), 120);
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }
}
