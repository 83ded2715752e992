package io.ssmflow.workflows.schedule;

/**
 * An AWS schedule expression that AWS would reject; the message is one line naming the field
 * position (1-6 for cron) and the rule broken.
 */
public final class InvalidScheduleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidScheduleException(String message) {
    super(message);
  }
}
