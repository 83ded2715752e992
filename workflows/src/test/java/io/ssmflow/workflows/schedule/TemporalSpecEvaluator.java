package io.ssmflow.workflows.schedule;

import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Evaluates a Temporal {@link ScheduleSpec} independently of the AWS evaluator, following the
 * Temporal documentation of ScheduleCalendarSpec: a calendar fires when every field matches
 * (second, minute, hour default to 0; day-of-month, month, year, day-of-week default to all;
 * day-of-week 0 = Sunday; a range's end below its start means the start alone, step 0 means 1); the
 * spec fires when any calendar or interval does (intervals from the Unix epoch + offset).
 */
final class TemporalSpecEvaluator {
  private TemporalSpecEvaluator() {}

  static boolean matches(ScheduleSpec spec, ZonedDateTime time) {
    ZonedDateTime local = time.withZoneSameInstant(ZoneId.of(spec.getTimeZoneName()));
    for (ScheduleCalendarSpec c : orEmpty(spec.getCalendars())) {
      if (matchesDate(c, local.toLocalDate())
          && in(c.getSeconds(), local.getSecond(), 0)
          && in(c.getMinutes(), local.getMinute(), 0)
          && in(c.getHour(), local.getHour(), 0)
          && local.getNano() == 0) {
        return true;
      }
    }
    for (ScheduleIntervalSpec i : orEmpty(spec.getIntervals())) {
      long offset = i.getOffset() == null ? 0 : i.getOffset().toMillis();
      if (Math.floorMod(time.toInstant().toEpochMilli() - offset, i.getEvery().toMillis()) == 0) {
        return true;
      }
    }
    return false;
  }

  /** Every calendar fire time in (after, until], in the spec's zone. */
  static List<ZonedDateTime> fireTimes(ScheduleSpec spec, Instant after, Instant until) {
    ZoneId zone = ZoneId.of(spec.getTimeZoneName());
    TreeSet<ZonedDateTime> out = new TreeSet<>();
    for (ScheduleCalendarSpec c : orEmpty(spec.getCalendars())) {
      BitSet hours = expand(c.getHour(), 0);
      BitSet minutes = expand(c.getMinutes(), 0);
      BitSet seconds = expand(c.getSeconds(), 0);
      for (LocalDate d = after.atZone(zone).toLocalDate().minusDays(1);
          !d.isAfter(until.atZone(zone).toLocalDate());
          d = d.plusDays(1)) {
        if (!matchesDate(c, d)) {
          continue;
        }
        for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
          for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
            for (int sec = seconds.nextSetBit(0); sec >= 0; sec = seconds.nextSetBit(sec + 1)) {
              LocalDateTime ldt = LocalDateTime.of(d, LocalTime.of(h, m, sec));
              ZonedDateTime t = ZonedDateTime.ofLocal(ldt, zone, null);
              if (t.toLocalDateTime().equals(ldt)
                  && t.toInstant().isAfter(after)
                  && !t.toInstant().isAfter(until)) {
                out.add(t);
              }
            }
          }
        }
      }
    }
    for (ScheduleIntervalSpec i : orEmpty(spec.getIntervals())) {
      long every = i.getEvery().toMillis();
      long offset = i.getOffset() == null ? 0 : i.getOffset().toMillis();
      long t = Math.floorDiv(after.toEpochMilli() - offset, every) * every + offset + every;
      for (; t <= until.toEpochMilli(); t += every) {
        out.add(Instant.ofEpochMilli(t).atZone(zone));
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean matchesDate(ScheduleCalendarSpec c, LocalDate d) {
    return in(c.getDayOfMonth(), d.getDayOfMonth(), -1)
        && in(c.getMonth(), d.getMonthValue(), -1)
        && in(c.getYear(), d.getYear(), -1)
        && in(c.getDayOfWeek(), d.getDayOfWeek().getValue() % 7, -1);
  }

  /** Whether v is in the ranges; an empty list means {@code dflt} (-1: everything). */
  private static boolean in(List<ScheduleRange> ranges, int v, int dflt) {
    if (ranges == null || ranges.isEmpty()) {
      return dflt < 0 || v == dflt;
    }
    for (ScheduleRange r : ranges) {
      int end = Math.max(r.getStart(), r.getEnd());
      int step = Math.max(1, r.getStep());
      if (v >= r.getStart() && v <= end && (v - r.getStart()) % step == 0) {
        return true;
      }
    }
    return false;
  }

  private static BitSet expand(List<ScheduleRange> ranges, int dflt) {
    BitSet b = new BitSet();
    if (ranges == null || ranges.isEmpty()) {
      b.set(dflt);
      return b;
    }
    for (ScheduleRange r : ranges) {
      int end = Math.max(r.getStart(), r.getEnd());
      for (int v = r.getStart(); v <= end; v += Math.max(1, r.getStep())) {
        b.set(v);
      }
    }
    return b;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
