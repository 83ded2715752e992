package io.ssmflow.workflows.alarm;

import java.util.Map;

/**
 * What a watch polls and until when.
 *
 * @param selection the alarms
 * @param phase what the run does meanwhile (e.g. "wave 2", "bake after wave 1"), for logs
 * @param untilMillis answer at this time at the latest (epoch millis)
 * @param pollMillis the interval between two DescribeAlarms reads
 * @param missingData how INSUFFICIENT_DATA counts
 * @param ignored alarms in ALARM at the start that the run ignores (name to state time) while they
 *     stay in that state
 */
public record AlarmWatch(
    AlarmSelection selection,
    String phase,
    long untilMillis,
    long pollMillis,
    MissingData missingData,
    Map<String, Long> ignored) {
  public AlarmWatch {
    ignored = ignored == null ? Map.of() : Map.copyOf(ignored);
  }
}
