package io.ssmflow.activities.alarm;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.alarm.AlarmActivities;
import io.ssmflow.workflows.alarm.AlarmReading;
import io.ssmflow.workflows.alarm.AlarmSelection;
import io.ssmflow.workflows.alarm.AlarmWatch;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The alarm gate's reads. A watch polls DescribeAlarms every {@code pollMillis} and heartbeats
 * every second in between (docs/design.md §4.3), so the workflow's cancel at the end of a phase
 * reaches it within seconds, and a killed worker costs one heartbeat timeout.
 */
public final class AlarmActivitiesImpl implements AlarmActivities {
  static final long HEARTBEAT_MILLIS = 1_000;

  private final AlarmReader reader;

  @Inject
  public AlarmActivitiesImpl(CloudWatchClient cloudWatch) {
    this.reader = new AlarmReader(requireNonNull(cloudWatch, "cloudWatch is null"));
  }

  @Override
  public AlarmReading readAlarms(AlarmSelection selection) {
    return reader.read(selection);
  }

  @Override
  public AlarmReading watchAlarms(AlarmWatch watch) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    while (true) {
      AlarmReading reading = reader.read(watch.selection());
      long now = System.currentTimeMillis();
      if (reading.firing(watch.missingData(), watch.ignored()) != null
          || now >= watch.untilMillis()) {
        return reading;
      }
      long next = Math.min(watch.untilMillis(), now + Math.max(1, watch.pollMillis()));
      while ((now = System.currentTimeMillis()) < next) {
        context.heartbeat(watch.phase());
        try {
          Thread.sleep(Math.min(HEARTBEAT_MILLIS, next - now));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Activity.wrap(e);
        }
      }
    }
  }
}
