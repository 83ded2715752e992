package io.ssmflow.workflows.window;

import java.util.List;

/**
 * The result of one window run.
 *
 * @param outcome how it ended
 * @param message one human line
 * @param windowStartMillis the window's start (epoch millis)
 * @param cutoffMillis no task or instance started after this
 * @param endMillis running tasks were cancelled at this time
 * @param tasks per task, in priority order
 */
public record MaintenanceWindowResult(
    WindowOutcome outcome,
    String message,
    long windowStartMillis,
    long cutoffMillis,
    long endMillis,
    List<WindowTaskResult> tasks) {
  public MaintenanceWindowResult {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }
}
