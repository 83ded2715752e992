package io.ssmflow.cli.schedule;

import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.schedule.AwsSchedule;
import io.ssmflow.workflows.window.MaintenanceWindowRequest;
import io.ssmflow.workflows.window.MaintenanceWindowWorkflow;
import io.ssmflow.workflows.window.WindowTask;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A maintenance window as ssmflow schedules it, and its mapping onto a Temporal schedule: the spec
 * from the AWS expression, the action starting {@link MaintenanceWindowWorkflow} (workflow id
 * {@code window-NAME}; Temporal appends the scheduled time), the overlap policy, a catch-up window
 * of duration - cutoff (a run that could not start before its cutoff is useless). Everything
 * ssmflow needs to read it back is in the action's argument, so an update keeps it true.
 */
record WindowDefinition(
    String name,
    AwsSchedule expression,
    ZoneId zone,
    Duration duration,
    Duration cutoff,
    Overlap overlap,
    List<WindowTask> tasks) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Temporal's smallest catch-up window. */
  private static final Duration MIN_CATCHUP = Duration.ofSeconds(10);

  static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "schedule name '"
              + name
              + "' must be 1-64 of"
              + " A-Z a-z 0-9 . _ - (starting with a letter or digit)");
    }
    return name;
  }

  /** {@link #checkName} as the CLI's one-line bad input. */
  static void checkNameOrFail(String name) {
    try {
      checkName(name);
    } catch (IllegalArgumentException e) {
      throw io.ssmflow.cli.CliError.badInput(e.getMessage());
    }
  }

  /** Validates what the workflow would (cutoff smaller than the duration, tasks). */
  WindowDefinition {
    checkName(name);
    request(name, expression, zone, duration, cutoff, tasks).validate();
  }

  static String workflowId(String name) {
    return "window-" + name;
  }

  MaintenanceWindowRequest request() {
    return request(name, expression, zone, duration, cutoff, tasks);
  }

  private static MaintenanceWindowRequest request(
      String name,
      AwsSchedule expression,
      ZoneId zone,
      Duration duration,
      Duration cutoff,
      List<WindowTask> tasks) {
    return new MaintenanceWindowRequest(
        name, 0, duration, cutoff, expression.text(), zone.getId(), tasks);
  }

  Schedule schedule(String taskQueue, boolean paused, String note) {
    Duration catchup = duration.minus(cutoff);
    return Schedule.newBuilder()
        .setSpec(expression.toTemporalSpec(zone))
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(MaintenanceWindowWorkflow.class)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId(name))
                        .setTaskQueue(taskQueue)
                        // as every ssmflow workflow: `ssmflow list` and the Web UI filters find the
                        // runs
                        .setTypedSearchAttributes(
                            SearchAttributes.newBuilder()
                                .set(SsmflowAttributes.OPERATION, "window")
                                .build())
                        .build())
                .setArguments(request())
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(overlap.policy)
                .setCatchupWindow(catchup.compareTo(MIN_CATCHUP) < 0 ? MIN_CATCHUP : catchup)
                .build())
        .setState(ScheduleState.newBuilder().setPaused(paused).setNote(note).build())
        .build();
  }

  /** Reads a schedule ssmflow created back; null when it was not created by ssmflow. */
  static WindowDefinition of(ScheduleDescription d) {
    if (!(d.getSchedule().getAction() instanceof ScheduleActionStartWorkflow action)
        || !action.getWorkflowType().equals(MaintenanceWindowWorkflow.class.getSimpleName())) {
      return null;
    }
    MaintenanceWindowRequest r = action.getArguments().get(0, MaintenanceWindowRequest.class);
    return new WindowDefinition(
        d.getId(),
        AwsSchedule.parse(r.scheduleExpression()),
        AwsSchedule.zone(r.timeZone()),
        r.duration(),
        r.cutoff(),
        Overlap.of(d.getSchedule().getPolicy().getOverlap()),
        r.tasks());
  }
}
