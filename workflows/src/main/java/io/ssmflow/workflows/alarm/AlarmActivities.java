package io.ssmflow.workflows.alarm;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reading the CloudWatch alarms that gate a run. */
@ActivityInterface
public interface AlarmActivities {
  /**
   * Reads the selected alarms: one DescribeAlarms for the names and one for the prefix (paged with
   * NextToken).
   *
   * @param selection the alarms
   */
  @ActivityMethod
  AlarmReading readAlarms(AlarmSelection selection);

  /**
   * Polls the selected alarms every {@code pollMillis}, heartbeating, and answers the reading as
   * soon as one fires (see {@link AlarmReading#firing}) or at {@code untilMillis}.
   *
   * @param watch what to poll and until when
   */
  @ActivityMethod
  AlarmReading watchAlarms(AlarmWatch watch);
}
