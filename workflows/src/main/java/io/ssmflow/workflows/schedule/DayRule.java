package io.ssmflow.workflows.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;

/**
 * One item of an AWS cron day field ({@link AwsCron}); a date matches the field when any item
 * matches it. The permitted rules are the records below.
 */
sealed interface DayRule {
  boolean matches(LocalDate date);

  /** Day-of-month values. */
  record DaysOfMonth(BitSet days) implements DayRule {
    public boolean matches(LocalDate d) {
      return days.get(d.getDayOfMonth());
    }
  }

  /** {@code L} in day-of-month. */
  record LastDayOfMonth() implements DayRule {
    public boolean matches(LocalDate d) {
      return d.getDayOfMonth() == d.lengthOfMonth();
    }
  }

  /** {@code nW}: the weekday nearest day n, not leaving the month; nothing when n is past it. */
  record NearestWeekday(int day) implements DayRule {
    public boolean matches(LocalDate d) {
      if (day > d.lengthOfMonth()) {
        return false;
      }
      LocalDate target = d.withDayOfMonth(day);
      if (target.getDayOfWeek() == DayOfWeek.SATURDAY) {
        target = day == 1 ? target.plusDays(2) : target.minusDays(1);
      } else if (target.getDayOfWeek() == DayOfWeek.SUNDAY) {
        target = day == d.lengthOfMonth() ? target.minusDays(2) : target.plusDays(1);
      }
      return target.equals(d);
    }
  }

  /** {@code LW}: the last weekday of the month. */
  record LastWeekdayOfMonth() implements DayRule {
    public boolean matches(LocalDate d) {
      LocalDate last = d.with(TemporalAdjusters.lastDayOfMonth());
      while (last.getDayOfWeek() == DayOfWeek.SATURDAY || last.getDayOfWeek() == DayOfWeek.SUNDAY) {
        last = last.minusDays(1);
      }
      return last.equals(d);
    }
  }

  /** Day-of-week values, AWS numbering (1 = Sunday ... 7 = Saturday). */
  record DaysOfWeek(BitSet days) implements DayRule {
    public boolean matches(LocalDate d) {
      return days.get(awsDay(d));
    }
  }

  /** {@code nL}: the last day-of-week n of the month. */
  record LastDayOfWeekInMonth(int day) implements DayRule {
    public boolean matches(LocalDate d) {
      return awsDay(d) == day && d.plusDays(7).getMonthValue() != d.getMonthValue();
    }
  }

  /** {@code n#k}: the k-th day-of-week n of the month. */
  record NthDayOfWeek(int day, int nth) implements DayRule {
    public boolean matches(LocalDate d) {
      return awsDay(d) == day && (d.getDayOfMonth() - 1) / 7 + 1 == nth;
    }
  }

  /** AWS day-of-week number of a date: 1 = Sunday ... 7 = Saturday. */
  static int awsDay(LocalDate d) {
    return d.getDayOfWeek().getValue() % 7 + 1;
  }
}
