package io.ssmflow.workflows.schedule;

import io.temporal.client.schedules.ScheduleSpec;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * An AWS Systems Manager / EventBridge schedule expression: {@code cron(min hour day-of-month month
 * day-of-week year)} or {@code rate(N unit)}. Pure code (no I/O, no clock), so a workflow can
 * evaluate it too.
 */
public sealed interface AwsSchedule permits AwsCron, AwsRate {

  /**
   * Parses {@code cron(...)} or {@code rate(...)}.
   *
   * @throws InvalidScheduleException naming the position and the rule broken
   */
  static AwsSchedule parse(String expression) {
    String text = expression == null ? "" : expression.trim();
    if (text.startsWith("cron(")) {
      return AwsCron.parse(text);
    }
    if (text.startsWith("rate(")) {
      return AwsRate.parse(text);
    }
    throw new InvalidScheduleException(
        "'"
            + text
            + "' is not an AWS schedule expression: use"
            + " cron(min hour day-of-month month day-of-week year) or rate(N minutes|hours|days)");
  }

  /**
   * A time zone by its IANA name (what Temporal schedules and SSM's --schedule-timezone take).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static ZoneId zone(String name) {
    String id = name == null ? "" : name.trim();
    if (!"UTC".equals(id) && !ZoneId.getAvailableZoneIds().contains(id)) {
      throw new IllegalArgumentException(
          "unknown time zone '"
              + name
              + "': use an IANA name"
              + " such as UTC, Europe/Paris or America/Los_Angeles");
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone '" + name + "'");
    }
  }

  /** The expression as written (normalised whitespace). */
  String text();

  /** Whether AWS fires at this time (to the second) in its zone. */
  boolean isFireTime(ZonedDateTime time);

  /**
   * Whether this is a time of day (to the second) at which the expression fires on the days it
   * fires: every run of its Temporal schedule starts at one, while a manual trigger, at any moment,
   * almost never does.
   */
  boolean firesAtTimeOfDay(ZonedDateTime time);

  /** The next {@code count} fire times strictly after {@code after}, in {@code zone}. */
  List<ZonedDateTime> nextFireTimes(Instant after, ZoneId zone, int count);

  /**
   * The Temporal schedule spec firing at every AWS fire time. When {@link #exact()} is false it
   * fires at a superset of them and the run checks {@link #isFireTime} (AWS's W, L in day-of-week,
   * L of February in leap years).
   */
  ScheduleSpec toTemporalSpec(ZoneId zone);

  /** Whether {@link #toTemporalSpec} fires exactly when AWS does. */
  boolean exact();
}
