package io.ssmflow.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.schedules.ScheduleSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS schedule expressions against their next fire times, checked with the AWS evaluator and with
 * the translated Temporal spec (evaluated independently): the spec fires at every AWS fire time,
 * exactly at them when it claims to be exact, and the AWS evaluator filters the rest. Rows marked
 * SSM / EventBridge are the examples of the AWS documentation pages "Reference: Cron and rate
 * expressions for Systems Manager" and "Using cron and rate expressions to schedule rules in Amazon
 * EventBridge".
 */
class AwsScheduleTranslationTest {
  /** Friday 27 November 2026, 08:00 UTC. */
  private static final String FRI = "2026-11-27T08:00:00Z";

  static Stream<Arguments> table() {
    return Stream.of(
        // SSM docs: cron expression examples
        row(
            "cron(0 10 * * ? *)",
            "UTC",
            FRI,
            true,
            "2026-11-27T10:00Z",
            "2026-11-28T10:00Z",
            "2026-11-29T10:00Z"),
        row(
            "cron(15 12 * * ? *)",
            "UTC",
            FRI,
            true,
            "2026-11-27T12:15Z",
            "2026-11-28T12:15Z",
            "2026-11-29T12:15Z"),
        row(
            "cron(0 18 ? * MON-FRI *)",
            "UTC",
            FRI,
            true,
            "2026-11-27T18:00Z",
            "2026-11-30T18:00Z",
            "2026-12-01T18:00Z"),
        row(
            "cron(0 8 1 * ? *)",
            "UTC",
            FRI,
            true,
            "2026-12-01T08:00Z",
            "2027-01-01T08:00Z",
            "2027-02-01T08:00Z"),
        row(
            "cron(0/15 * * * ? *)",
            "UTC",
            FRI,
            true,
            "2026-11-27T08:15Z",
            "2026-11-27T08:30Z",
            "2026-11-27T08:45Z"),
        row(
            "cron(0/10 * ? * MON-FRI *)",
            "UTC",
            FRI,
            true,
            "2026-11-27T08:10Z",
            "2026-11-27T08:20Z",
            "2026-11-27T08:30Z"),
        row(
            "cron(0/5 8-17 ? * MON-FRI *)",
            "UTC",
            FRI,
            true,
            "2026-11-27T08:05Z",
            "2026-11-27T08:10Z",
            "2026-11-27T08:15Z"),
        // SSM docs: create-maintenance-window --schedule "cron(0 16 ? * TUE *)" in Los Angeles
        row(
            "cron(0 16 ? * TUE *)",
            "America/Los_Angeles",
            FRI,
            true,
            "2026-12-01T16:00-08:00",
            "2026-12-08T16:00-08:00",
            "2026-12-15T16:00-08:00"),
        // ... across the end of daylight saving time (1 November 2026)
        row(
            "cron(0 16 ? * TUE *)",
            "America/Los_Angeles",
            "2026-10-25T00:00:00Z",
            true,
            "2026-10-27T16:00-07:00",
            "2026-11-03T16:00-08:00"),
        // SSM docs: third Tuesday at 23:30 (maintenance window with schedule offset)
        row(
            "cron(30 23 ? * TUE#3 *)",
            "UTC",
            FRI,
            true,
            "2026-12-15T23:30Z",
            "2027-01-19T23:30Z",
            "2027-02-16T23:30Z"),
        // SSM docs: the same with the optional seconds field first, as the page writes it
        row(
            "cron(0 30 23 ? * TUE#3 *)",
            "UTC",
            FRI,
            true,
            "2026-12-15T23:30Z",
            "2027-01-19T23:30Z",
            "2027-02-16T23:30Z"),
        // SSM docs (older page): 02:00 on the third Thursday of every month (seconds first)
        row(
            "cron(0 0 2 ? 1/1 THU#3 *)",
            "UTC",
            FRI,
            true,
            "2026-12-17T02:00Z",
            "2027-01-21T02:00Z",
            "2027-02-18T02:00Z"),
        row(
            "cron(30 0/15 * * * ? *)",
            "UTC",
            FRI,
            true,
            "2026-11-27T08:00:30Z",
            "2026-11-27T08:15:30Z",
            "2026-11-27T08:30:30Z"),
        // SSM docs: association on the second Thursday
        row(
            "cron(0 0 ? * THU#2 *)",
            "UTC",
            FRI,
            true,
            "2026-12-10T00:00Z",
            "2027-01-14T00:00Z",
            "2027-02-11T00:00Z"),
        // SSM docs (older page): 02:00 on the last day of every month
        row(
            "cron(0 2 L * ? *)",
            "UTC",
            FRI,
            false,
            "2026-11-30T02:00Z",
            "2026-12-31T02:00Z",
            "2027-01-31T02:00Z",
            "2027-02-28T02:00Z",
            "2027-03-31T02:00Z",
            "2027-04-30T02:00Z"),
        // SSM docs (older page): 10:15 on the last Friday of every month
        row(
            "cron(15 10 ? * 6L *)",
            "UTC",
            FRI,
            false,
            "2026-11-27T10:15Z",
            "2026-12-25T10:15Z",
            "2027-01-29T10:15Z"),
        row(
            "cron(15 10 ? * FRIL *)",
            "UTC",
            FRI,
            false,
            "2026-11-27T10:15Z",
            "2026-12-25T10:15Z",
            "2027-01-29T10:15Z"),
        // EventBridge: first Monday of the month, every 4 hours, a year range, one date
        row(
            "cron(0 9 ? * 2#1 *)",
            "UTC",
            FRI,
            true,
            "2026-12-07T09:00Z",
            "2027-01-04T09:00Z",
            "2027-02-01T09:00Z"),
        row(
            "cron(0 0/4 * * ? *)",
            "UTC",
            FRI,
            true,
            "2026-11-27T12:00Z",
            "2026-11-27T16:00Z",
            "2026-11-27T20:00Z"),
        row(
            "cron(30 14 10,20 * ? 2026-2030)",
            "UTC",
            FRI,
            true,
            "2026-12-10T14:30Z",
            "2026-12-20T14:30Z",
            "2027-01-10T14:30Z"),
        row("cron(0 0 1 1 ? 2027)", "UTC", FRI, true, "2027-01-01T00:00Z"),
        row("cron(0 0 1 1 ? 2026)", "UTC", FRI, true),
        row(
            "cron(30 14 10,20 * ? 2030/2)",
            "UTC",
            FRI,
            true,
            "2030-01-10T14:30Z",
            "2030-01-20T14:30Z",
            "2030-02-10T14:30Z"),
        // W: nearest weekday, Saturday -> Friday, Sunday -> Monday, never leaving the month
        row(
            "cron(0 9 15W * ? *)",
            "UTC",
            "2027-05-01T00:00:00Z",
            false,
            "2027-05-14T09:00Z",
            "2027-06-15T09:00Z",
            "2027-07-15T09:00Z",
            "2027-08-16T09:00Z"),
        row(
            "cron(0 12 1W * ? *)",
            "UTC",
            "2027-04-15T00:00:00Z",
            false,
            "2027-05-03T12:00Z",
            "2027-06-01T12:00Z",
            "2027-07-01T12:00Z"),
        row(
            "cron(0 12 31W * ? *)",
            "UTC",
            "2027-01-01T00:00:00Z",
            false,
            "2027-01-29T12:00Z",
            "2027-03-31T12:00Z",
            "2027-05-31T12:00Z"),
        row(
            "cron(0 18 LW * ? *)",
            "UTC",
            "2027-01-01T00:00:00Z",
            false,
            "2027-01-29T18:00Z",
            "2027-02-26T18:00Z",
            "2027-03-31T18:00Z"),
        // L alone in day-of-week is Saturday; names, lists, wrapping ranges
        row(
            "cron(0 6 ? * L *)",
            "UTC",
            FRI,
            true,
            "2026-11-28T06:00Z",
            "2026-12-05T06:00Z",
            "2026-12-12T06:00Z"),
        row(
            "cron(0 3 1 NOV-FEB ? *)",
            "UTC",
            FRI,
            true,
            "2026-12-01T03:00Z",
            "2027-01-01T03:00Z",
            "2027-02-01T03:00Z",
            "2027-11-01T03:00Z"),
        row(
            "cron(0 7 ? * FRI-MON *)",
            "UTC",
            FRI,
            true,
            "2026-11-28T07:00Z",
            "2026-11-29T07:00Z",
            "2026-11-30T07:00Z",
            "2026-12-04T07:00Z"),
        row(
            "cron(0 22-1 ? * 2,4 *)",
            "UTC",
            "2026-11-29T00:00:00Z",
            true,
            "2026-11-30T00:00Z",
            "2026-11-30T01:00Z",
            "2026-11-30T22:00Z",
            "2026-11-30T23:00Z",
            "2026-12-02T00:00Z"),
        row(
            "cron(10-30/10 1 ? * MON,WED#2 *)",
            "UTC",
            FRI,
            true,
            "2026-11-30T01:10Z",
            "2026-11-30T01:20Z",
            "2026-11-30T01:30Z",
            "2026-12-07T01:10Z"),
        // L of February: the 29th in leap years (the spec also fires on the 28th then)
        row(
            "cron(0 0 L 2 ? *)",
            "UTC",
            "2027-03-01T00:00:00Z",
            false,
            "2028-02-29T00:00Z",
            "2029-02-28T00:00Z",
            "2030-02-28T00:00Z"),
        // the seed's maintenance window, in a zone
        row(
            "cron(0 2 ? * SUN *)",
            "Europe/Paris",
            FRI,
            true,
            "2026-11-29T02:00+01:00",
            "2026-12-06T02:00+01:00",
            "2026-12-13T02:00+01:00"),
        // rate: from the Unix epoch, as a Temporal interval
        row(
            "rate(30 minutes)",
            "UTC",
            FRI,
            true,
            "2026-11-27T08:30Z",
            "2026-11-27T09:00Z",
            "2026-11-27T09:30Z"),
        row("rate(1 hour)", "UTC", FRI, true, "2026-11-27T09:00Z", "2026-11-27T10:00Z"),
        row("rate(2 days)", "UTC", FRI, true, "2026-11-29T00:00Z", "2026-12-01T00:00Z"),
        row("rate(7 days)", "UTC", FRI, true, "2026-12-03T00:00Z", "2026-12-10T00:00Z"),
        row("rate(1 minute)", "UTC", FRI, true, "2026-11-27T08:01Z", "2026-11-27T08:02Z"));
  }

  private static Arguments row(
      String expression, String zone, String from, boolean exact, String... expected) {
    return Arguments.of(expression, zone, from, exact, Arrays.asList(expected));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("table")
  void nextFireTimes(
      String expression, String zoneName, String from, boolean exact, List<String> expected) {
    AwsSchedule schedule = AwsSchedule.parse(expression);
    ZoneId zone = AwsSchedule.zone(zoneName);
    Instant after = Instant.parse(from);
    List<ZonedDateTime> want =
        expected.stream().map(ZonedDateTime::parse).map(t -> t.withZoneSameInstant(zone)).toList();

    List<ZonedDateTime> aws = schedule.nextFireTimes(after, zone, want.size() + 1);
    assertThat(aws.subList(0, Math.min(aws.size(), want.size()))).isEqualTo(want);
    for (ZonedDateTime t : want) {
      assertThat(schedule.isFireTime(t)).as("fires at %s", t).isTrue();
      assertThat(schedule.isFireTime(t.plusNanos(1_000_000))).isFalse();
    }

    ScheduleSpec spec = schedule.toTemporalSpec(zone);
    assertThat(spec.getTimeZoneName()).isEqualTo(zoneName);
    assertThat(schedule.exact()).isEqualTo(exact);
    Instant until =
        want.isEmpty()
            ? after.plusSeconds(3 * 366 * 86_400L)
            : want.get(want.size() - 1).toInstant();
    List<ZonedDateTime> temporal = TemporalSpecEvaluator.fireTimes(spec, after, until);
    assertThat(temporal).as("the Temporal spec fires at every AWS time").containsAll(want);
    for (ZonedDateTime t : want) {
      assertThat(TemporalSpecEvaluator.matches(spec, t)).isTrue();
    }
    assertThat(temporal.stream().filter(schedule::isFireTime).toList())
        .as("the AWS evaluator filters the superset down to the AWS times")
        .isEqualTo(want);
    if (exact) {
      assertThat(temporal).as("an exact spec fires only at AWS times").isEqualTo(want);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("supersets")
  void supersetSpecsFireOnDaysAwsDoesNot(String expression, String from, String notDue) {
    AwsSchedule schedule = AwsSchedule.parse(expression);
    ScheduleSpec spec = schedule.toTemporalSpec(ZoneId.of("UTC"));
    ZonedDateTime t = ZonedDateTime.parse(notDue);
    assertThat(TemporalSpecEvaluator.matches(spec, t)).isTrue();
    assertThat(schedule.isFireTime(t)).isFalse();
  }

  static Stream<Arguments> supersets() {
    return Stream.of(
        Arguments.of("cron(0 9 15W * ? *)", "2027-05-01T00:00:00Z", "2027-05-13T09:00Z"),
        Arguments.of("cron(15 10 ? * 6L *)", FRI, "2027-01-22T10:15Z"),
        Arguments.of("cron(0 0 L 2 ? *)", "2027-03-01T00:00:00Z", "2028-02-28T00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithThePositionAndTheRule(String expression, String message) {
    assertThatThrownBy(() -> AwsSchedule.parse(expression))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "cron(0 2 * * SUN *)",
            "position 5 (day-of-week 'SUN'): both day-of-month"
                + " and day-of-week are set; one must be ?"),
        Arguments.of("cron(0 2 * * * *)", "position 5"),
        Arguments.of("cron(0 2 ? * ? *)", "both ?"),
        Arguments.of("cron(0 2 * * ?)", "has 6 fields"),
        Arguments.of("cron(0 2 * * ? * * *)", "found 8"),
        Arguments.of(
            "cron(0 2 * * ? * *)",
            "position 5 (month '?'): ? is only allowed in" + " day-of-month or day-of-week"),
        Arguments.of(
            "cron(60 0 2 * * ? *)", "position 1 (seconds '60'): value 60 is outside" + " 0-59"),
        Arguments.of("cron(0 0 2 * * SUN *)", "position 6 (day-of-week 'SUN'): both"),
        Arguments.of("cron(60 2 * * ? *)", "position 1 (minutes '60'): value 60 is outside 0-59"),
        Arguments.of("cron(0 24 * * ? *)", "position 2 (hours '24')"),
        Arguments.of("cron(0 2 32 * ? *)", "position 3 (day-of-month '32')"),
        Arguments.of("cron(0 2 ? 13 MON *)", "position 4 (month '13')"),
        Arguments.of("cron(0 2 ? JANUARY MON *)", "position 4"),
        Arguments.of("cron(0 2 ? * 8 *)", "position 5 (day-of-week '8')"),
        Arguments.of(
            "cron(0 2 ? * MON 1969)",
            "position 6 (year '1969'): value 1969 is outside" + " 1970-2199"),
        Arguments.of("cron(0 2 ? * MON 2030-2020)", "runs backwards"),
        Arguments.of("cron(0 2 ? * MON#6 *)", "week of the month must be 1-5"),
        Arguments.of("cron(0 2W * * ? *)", "W is only allowed in day-of-month"),
        Arguments.of("cron(0 2 1#2 * ? *)", "# is only allowed in day-of-week"),
        Arguments.of("cron(0 L * * ? *)", "L is only allowed in day-of-month or day-of-week"),
        Arguments.of("cron(0/0 * * * ? *)", "step must be at least 1"),
        Arguments.of("cron(? 2 * * ? *)", "? is only allowed in day-of-month or day-of-week"),
        Arguments.of("cron(0 2 1,,2 * ? *)", "empty list item"),
        Arguments.of("rate(0 minutes)", "the value must be a positive whole number"),
        Arguments.of("rate(-5 minutes)", "positive whole number"),
        Arguments.of("rate(1 minutes)", "a value of 1 takes the singular unit"),
        Arguments.of("rate(5 hour)", "a value above 1 takes the plural unit"),
        Arguments.of("rate(2 weeks)", "must be minute(s), hour(s) or day(s)"),
        Arguments.of("rate(x minutes)", "is not a whole number"),
        Arguments.of("rate(5)", "rate(N unit)"),
        Arguments.of("at(2026-07-07T15:55:00)", "is not an AWS schedule expression"));
  }

  @org.junit.jupiter.api.Test
  void zonesAreIanaNames() {
    assertThat(AwsSchedule.zone("Europe/Paris")).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(AwsSchedule.zone("UTC")).isEqualTo(ZoneId.of("UTC"));
    assertThatThrownBy(() -> AwsSchedule.zone("Mars/Olympus"))
        .hasMessageContaining("unknown time zone 'Mars/Olympus'");
    assertThatThrownBy(() -> AwsSchedule.zone("+02:00")).hasMessageContaining("unknown time zone");
  }
}
