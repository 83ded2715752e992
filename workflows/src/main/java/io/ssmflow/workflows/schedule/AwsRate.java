package io.ssmflow.workflows.schedule;

import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rate(N unit)}: N ≥ 1, unit minute(s), hour(s) or day(s), singular exactly when N is 1 (AWS
 * rejects {@code rate(1 minutes)} and {@code rate(5 minute)}). Runs every N units from the Unix
 * epoch, as a Temporal interval spec does.
 */
public record AwsRate(String text, long value, String unit, Duration every) implements AwsSchedule {
  private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\S+)\\s+(\\S+)\\s*\\)");

  static AwsRate parse(String text) {
    Matcher m = RATE.matcher(text);
    if (!m.matches()) {
      throw new InvalidScheduleException(
          text + ": a rate expression is rate(N unit), e.g." + " rate(30 minutes)");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new InvalidScheduleException(
          text + ": position 1: '" + m.group(1) + "' is not a whole number");
    }
    if (n < 1) {
      throw new InvalidScheduleException(
          text + ": position 1: the value must be a positive" + " whole number, not " + m.group(1));
    }
    String unit = m.group(2);
    Duration one =
        switch (unit) {
          case "minute", "minutes" -> Duration.ofMinutes(1);
          case "hour", "hours" -> Duration.ofHours(1);
          case "day", "days" -> Duration.ofDays(1);
          default ->
              throw new InvalidScheduleException(
                  text + ": position 2: unit '" + unit + "' must be minute(s), hour(s) or day(s)");
        };
    boolean singular = !unit.endsWith("s");
    if (n == 1 && !singular) {
      throw new InvalidScheduleException(
          text
              + ": position 2: a value of 1 takes the singular"
              + " unit (rate(1 "
              + unit.substring(0, unit.length() - 1)
              + "))");
    }
    if (n > 1 && singular) {
      throw new InvalidScheduleException(
          text
              + ": position 2: a value above 1 takes the plural"
              + " unit (rate("
              + n
              + " "
              + unit
              + "s))");
    }
    if (n > 100 * 366L * 24 * 60) {
      throw new InvalidScheduleException(text + ": position 1: " + n + " is too large");
    }
    return new AwsRate("rate(" + n + " " + unit + ")", n, unit, one.multipliedBy(n));
  }

  @Override
  public boolean isFireTime(ZonedDateTime time) {
    return time.toInstant().toEpochMilli() % every.toMillis() == 0;
  }

  @Override
  public boolean firesAtTimeOfDay(ZonedDateTime time) {
    return isFireTime(time);
  }

  @Override
  public List<ZonedDateTime> nextFireTimes(Instant after, ZoneId zone, int count) {
    long step = every.toMillis();
    long next = Math.floorDiv(after.toEpochMilli(), step) * step + step;
    List<ZonedDateTime> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(Instant.ofEpochMilli(next + i * step).atZone(zone));
    }
    return out;
  }

  @Override
  public ScheduleSpec toTemporalSpec(ZoneId zone) {
    return ScheduleSpec.newBuilder()
        .setIntervals(List.of(new ScheduleIntervalSpec(every)))
        .setTimeZoneName(zone.getId())
        .build();
  }

  @Override
  public boolean exact() {
    return true;
  }
}
