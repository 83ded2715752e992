package io.ssmflow.workflows.window;

import java.time.Duration;
import java.util.List;

/**
 * One run of a maintenance window, as a Temporal schedule's action starts it.
 *
 * @param windowName the window (the schedule's name)
 * @param windowStartMillis the window's start (epoch millis); 0 = the time the schedule scheduled
 *     this run for (the TemporalScheduledStartTime search attribute), or the start of the run when
 *     it was not started by a schedule
 * @param duration how long the window is open; running tasks are cancelled at its end
 * @param cutoff no task and no new instance starts in the last {@code cutoff} of the window
 * @param scheduleExpression the AWS expression ({@code cron(...)} / {@code rate(...)}) the run
 *     checks itself against (the Temporal spec may fire at a superset); null = always due
 * @param timeZone the expression's IANA zone
 * @param tasks at least one
 */
public record MaintenanceWindowRequest(
    String windowName,
    long windowStartMillis,
    Duration duration,
    Duration cutoff,
    String scheduleExpression,
    String timeZone,
    List<WindowTask> tasks) {
  public MaintenanceWindowRequest {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
  }

  /** The checks the CLI runs before creating a schedule (and the workflow before running). */
  public void validate() {
    if (duration == null || duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (cutoff == null || cutoff.isNegative() || cutoff.compareTo(duration) >= 0) {
      throw new IllegalArgumentException(
          "cutoff (" + cutoff + ") must be smaller than the" + " duration (" + duration + ")");
    }
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("a maintenance window needs at least one task");
    }
    if (tasks.stream().map(WindowTask::name).distinct().count() != tasks.size()) {
      throw new IllegalArgumentException("task names must be unique in a window");
    }
  }
}
