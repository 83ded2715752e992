package io.ssmflow.workflows.alarm;

import java.util.List;
import java.util.Map;

/**
 * The selected alarms at one moment.
 *
 * @param alarms every alarm found, by name order
 * @param missing names asked for that do not exist
 * @param readAtMillis when DescribeAlarms answered (epoch millis)
 */
public record AlarmReading(List<AlarmState> alarms, List<String> missing, long readAtMillis) {
  public AlarmReading {
    alarms = alarms == null ? List.of() : List.copyOf(alarms);
    missing = missing == null ? List.of() : List.copyOf(missing);
  }

  /**
   * The first alarm that stops a run: in ALARM, or in INSUFFICIENT_DATA when missing data fails; an
   * alarm in {@code ignored} (name to the state time seen at start) is skipped while it stays in
   * the state it was in then.
   */
  public AlarmState firing(MissingData missingData, Map<String, Long> ignored) {
    for (AlarmState a : alarms) {
      boolean bad = a.inAlarm() || (missingData == MissingData.FAIL && a.insufficientData());
      Long since = ignored == null ? null : ignored.get(a.name());
      if (bad && (since == null || since != a.updatedMillis())) {
        return a;
      }
    }
    return null;
  }
}
