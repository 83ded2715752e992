package io.ssmflow.workflows.alarm;

/**
 * One CloudWatch alarm as DescribeAlarms answered it.
 *
 * @param name the alarm name
 * @param state OK, ALARM or INSUFFICIENT_DATA
 * @param reason the alarm's state reason (truncated to 500 characters)
 * @param updatedMillis when the alarm entered this state (epoch millis)
 */
public record AlarmState(String name, String state, String reason, long updatedMillis) {
  public static final String OK = "OK";
  public static final String ALARM = "ALARM";
  public static final String INSUFFICIENT_DATA = "INSUFFICIENT_DATA";
  static final int MAX_REASON = 500;

  public AlarmState {
    if (reason != null && reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON);
    }
  }

  public boolean inAlarm() {
    return ALARM.equals(state);
  }

  public boolean insufficientData() {
    return INSUFFICIENT_DATA.equals(state);
  }
}
