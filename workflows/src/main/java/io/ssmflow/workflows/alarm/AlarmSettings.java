package io.ssmflow.workflows.alarm;

import java.time.Duration;

/**
 * The CloudWatch alarms that gate a run and how they are read.
 *
 * @param selection the alarms ({@code --alarm}, {@code --alarm-prefix})
 * @param ignoreAtStart start even when an alarm is already firing; such an alarm stops the run only
 *     once it has left that state and fired again ({@code --ignore-alarms-at-start})
 * @param missingData how INSUFFICIENT_DATA counts ({@code --alarm-missing-data})
 * @param poll the interval between two reads ({@code --alarm-poll}, default 10 s)
 */
public record AlarmSettings(
    AlarmSelection selection, boolean ignoreAtStart, MissingData missingData, Duration poll) {
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(10);
  public static final Duration MIN_POLL = Duration.ofSeconds(1);
  public static final Duration MAX_POLL = Duration.ofMinutes(5);

  /**
   * Validated settings.
   *
   * @throws IllegalArgumentException one line naming the bad value
   */
  public static AlarmSettings of(
      AlarmSelection selection, boolean ignoreAtStart, MissingData missingData, Duration poll) {
    if (selection == null || selection.none()) {
      throw new IllegalArgumentException("alarm settings need --alarm NAME or --alarm-prefix P");
    }
    Duration p = poll == null ? DEFAULT_POLL : poll;
    if (p.compareTo(MIN_POLL) < 0 || p.compareTo(MAX_POLL) > 0) {
      throw new IllegalArgumentException("alarm-poll must be between 1s and 5m, not " + p);
    }
    return new AlarmSettings(
        selection, ignoreAtStart, missingData == null ? MissingData.IGNORE : missingData, p);
  }
}
