package io.ssmflow.workflows.schedule;

import io.ssmflow.workflows.schedule.DayRule.DaysOfMonth;
import io.ssmflow.workflows.schedule.DayRule.DaysOfWeek;
import io.ssmflow.workflows.schedule.DayRule.LastDayOfMonth;
import io.ssmflow.workflows.schedule.DayRule.LastDayOfWeekInMonth;
import io.ssmflow.workflows.schedule.DayRule.LastWeekdayOfMonth;
import io.ssmflow.workflows.schedule.DayRule.NearestWeekday;
import io.ssmflow.workflows.schedule.DayRule.NthDayOfWeek;
import io.temporal.client.schedules.ScheduleCalendarSpec;
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
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 6-field AWS cron expression {@code cron(min hour day-of-month month day-of-week year)}, as
 * EventBridge and Systems Manager maintenance windows read it, and the 7-field form with seconds
 * first that the Systems Manager reference also accepts ({@code cron(0 30 23 ? * TUE#3 *)}):
 *
 * <ul>
 *   <li>minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or
 *       SUN-SAT (1 = Sunday), year 1970-2199;
 *   <li>{@code ,} lists, {@code -} ranges (wrapping in the cyclic fields, e.g. FRI-MON), {@code *},
 *       {@code /} steps ({@code 0/15}, {@code *}{@code /5}, {@code 10-30/5});
 *   <li>{@code ?} in exactly one of day-of-month and day-of-week;
 *   <li>day-of-month: {@code L} (last day), {@code nW} (the weekday nearest day n, within the
 *       month), {@code LW} (the last weekday);
 *   <li>day-of-week: {@code L} alone (Saturday), {@code nL} / {@code FRIL} (the last such day of
 *       the month), {@code n#k} / {@code TUE#3} (the k-th such day, k 1-5).
 * </ul>
 *
 * Times are local to the schedule's zone; a local time skipped by a daylight-saving change does not
 * fire, a repeated one fires once (at its first occurrence).
 */
public final class AwsCron implements AwsSchedule {
  static final int FIRST_YEAR = 1970;
  static final int LAST_YEAR = 2199;
  private static final List<String> FIELDS =
      List.of("seconds", "minutes", "hours", "day-of-month", "month", "day-of-week", "year");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final Pattern NTH = Pattern.compile("([A-Z]{3}|\\d+)#(\\d+)");
  private static final Pattern LAST_OF = Pattern.compile("([A-Z]{3}|\\d+)L");
  private static final Pattern NEAREST = Pattern.compile("(\\d+)W");

  private final String text;
  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet months;
  private final BitSet years;

  /** Null when the field is {@code ?}. */
  private final List<DayRule> dayOfMonth;

  /** Null when the field is {@code ?}. */
  private final List<DayRule> dayOfWeek;

  private AwsCron(
      String text,
      BitSet seconds,
      BitSet minutes,
      BitSet hours,
      List<DayRule> dayOfMonth,
      BitSet months,
      List<DayRule> dayOfWeek,
      BitSet years) {
    this.text = text;
    this.seconds = seconds;
    this.minutes = minutes;
    this.hours = hours;
    this.dayOfMonth = dayOfMonth;
    this.months = months;
    this.dayOfWeek = dayOfWeek;
    this.years = years;
  }

  static AwsCron parse(String text) {
    if (!text.endsWith(")")) {
      throw new InvalidScheduleException(text + ": a cron expression ends with ')'");
    }
    String inner = text.substring("cron(".length(), text.length() - 1).trim();
    String[] f = inner.isEmpty() ? new String[0] : inner.split("\\s+");
    if (f.length != 6 && f.length != 7) {
      throw new InvalidScheduleException(
          text
              + ": a cron expression has 6 fields (minutes hours"
              + " day-of-month month day-of-week year), or 7 with seconds first, found "
              + f.length);
    }
    String normal = "cron(" + String.join(" ", f) + ")";
    int o = f.length - 6;
    Parser p = new Parser(normal, o == 1);
    BitSet seconds = o == 1 ? p.values(1, f[0], 0, 59, null) : bits(0);
    BitSet minutes = p.values(1 + o, f[o], 0, 59, null);
    BitSet hours = p.values(2 + o, f[1 + o], 0, 23, null);
    BitSet months = p.values(4 + o, f[3 + o], 1, 12, MONTHS);
    BitSet years = p.values(6 + o, f[5 + o], FIRST_YEAR, LAST_YEAR, null);
    boolean domAny = "?".equals(f[2 + o]);
    boolean dowAny = "?".equals(f[4 + o]);
    if (domAny && dowAny) {
      throw p.error(
          5 + o, f[4 + o], "day-of-month and day-of-week are both ?; exactly one must" + " be ?");
    }
    if (!domAny && !dowAny) {
      throw p.error(5 + o, f[4 + o], "both day-of-month and day-of-week are set; one must be ?");
    }
    List<DayRule> dom = domAny ? null : p.dayOfMonth(3 + o, f[2 + o]);
    List<DayRule> dow = dowAny ? null : p.dayOfWeek(5 + o, f[4 + o]);
    return new AwsCron(normal, seconds, minutes, hours, dom, months, dow, years);
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AwsCron c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** Whether AWS fires on this local date (at some time of it). */
  public boolean matchesDate(LocalDate d) {
    if (d.getYear() < FIRST_YEAR
        || d.getYear() > LAST_YEAR
        || !years.get(d.getYear() - FIRST_YEAR)
        || !months.get(d.getMonthValue())) {
      return false;
    }
    List<DayRule> rules = dayOfMonth != null ? dayOfMonth : dayOfWeek;
    for (DayRule r : rules) {
      if (r.matches(d)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean isFireTime(ZonedDateTime time) {
    return time.getNano() == 0
        && seconds.get(time.getSecond())
        && minutes.get(time.getMinute())
        && hours.get(time.getHour())
        && matchesDate(time.toLocalDate());
  }

  @Override
  public boolean firesAtTimeOfDay(ZonedDateTime time) {
    return time.getNano() == 0
        && seconds.get(time.getSecond())
        && minutes.get(time.getMinute())
        && hours.get(time.getHour());
  }

  @Override
  public List<ZonedDateTime> nextFireTimes(Instant after, ZoneId zone, int count) {
    List<ZonedDateTime> out = new ArrayList<>(count);
    LocalDate day = after.atZone(zone).toLocalDate().minusDays(1);
    while (out.size() < count && day.getYear() <= LAST_YEAR) {
      if (matchesDate(day)) {
        for (int h = hours.nextSetBit(0);
            h >= 0 && out.size() < count;
            h = hours.nextSetBit(h + 1)) {
          for (int m = minutes.nextSetBit(0);
              m >= 0 && out.size() < count;
              m = minutes.nextSetBit(m + 1)) {
            for (int s = seconds.nextSetBit(0);
                s >= 0 && out.size() < count;
                s = seconds.nextSetBit(s + 1)) {
              ZonedDateTime t = localFireTime(LocalDateTime.of(day, LocalTime.of(h, m, s)), zone);
              if (t != null && t.toInstant().isAfter(after)) {
                out.add(t);
              }
            }
          }
        }
      }
      day = day.plusDays(1);
    }
    return out;
  }

  /** The zoned time of a local fire time; null when a daylight-saving gap skips it. */
  static ZonedDateTime localFireTime(LocalDateTime local, ZoneId zone) {
    ZonedDateTime t = ZonedDateTime.ofLocal(local, zone, null);
    return t.toLocalDateTime().equals(local) ? t : null;
  }

  @Override
  public boolean exact() {
    List<DayRule> rules = dayOfMonth != null ? dayOfMonth : dayOfWeek;
    for (DayRule r : rules) {
      if (r instanceof NearestWeekday
          || r instanceof LastWeekdayOfMonth
          || r instanceof LastDayOfWeekInMonth
          || (r instanceof LastDayOfMonth && months.get(2))) {
        return false;
      }
    }
    return true;
  }

  /**
   * One calendar per kind of day rule (Temporal fires when any calendar matches; within one, every
   * field must match). Day-of-week n#k is exact (days 7k-6..7k); L in day-of-month is exact per
   * month length (but for February 28 in leap years); nW, LW and nL are supersets.
   */
  @Override
  public ScheduleSpec toTemporalSpec(ZoneId zone) {
    List<ScheduleCalendarSpec> calendars = new ArrayList<>();
    BitSet plainDays = new BitSet();
    boolean weekdays = dayOfWeek != null;
    for (DayRule r : dayOfMonth != null ? dayOfMonth : dayOfWeek) {
      if (r instanceof DaysOfMonth v) {
        plainDays.or(v.days());
      } else if (r instanceof DaysOfWeek v) {
        plainDays.or(v.days());
      } else if (r instanceof LastDayOfMonth) {
        addLastDay(calendars, 31, bits(1, 3, 5, 7, 8, 10, 12), 31);
        addLastDay(calendars, 30, bits(4, 6, 9, 11), 30);
        addLastDay(calendars, 28, bits(2), 29);
      } else if (r instanceof NearestWeekday w) {
        calendars.add(
            calendar(
                months,
                range(Math.max(1, w.day() - 2), Math.min(31, w.day() + 2)),
                List.of(new ScheduleRange(1, 5))));
      } else if (r instanceof LastWeekdayOfMonth) {
        calendars.add(calendar(months, range(26, 31), List.of(new ScheduleRange(1, 5))));
      } else if (r instanceof LastDayOfWeekInMonth l) {
        calendars.add(calendar(months, range(22, 31), List.of(new ScheduleRange(l.day() - 1))));
      } else if (r instanceof NthDayOfWeek n) {
        calendars.add(
            calendar(
                months,
                range(7 * n.nth() - 6, Math.min(31, 7 * n.nth())),
                List.of(new ScheduleRange(n.day() - 1))));
      }
    }
    if (!plainDays.isEmpty()) {
      if (weekdays) {
        calendars.add(
            0,
            calendar(months, ScheduleCalendarSpec.ALL_MONTH_DAYS, ranges(plainDays.get(1, 8), 0)));
      } else {
        calendars.add(
            0, calendar(months, ranges(plainDays, 0), ScheduleCalendarSpec.ALL_WEEK_DAYS));
      }
    }
    return ScheduleSpec.newBuilder().setCalendars(calendars).setTimeZoneName(zone.getId()).build();
  }

  private void addLastDay(
      List<ScheduleCalendarSpec> calendars, int from, BitSet monthGroup, int to) {
    BitSet m = (BitSet) months.clone();
    m.and(monthGroup);
    if (!m.isEmpty()) {
      calendars.add(calendar(m, range(from, to), ScheduleCalendarSpec.ALL_WEEK_DAYS));
    }
  }

  private ScheduleCalendarSpec calendar(
      BitSet monthSet, List<ScheduleRange> days, List<ScheduleRange> weekDays) {
    BitSet allYears = new BitSet();
    allYears.set(0, LAST_YEAR - FIRST_YEAR + 1);
    return ScheduleCalendarSpec.newBuilder()
        .setSeconds(ranges(seconds, 0))
        .setMinutes(ranges(minutes, 0))
        .setHour(ranges(hours, 0))
        .setDayOfMonth(days)
        .setMonth(ranges(monthSet, 0))
        .setYear(years.equals(allYears) ? List.of() : ranges(years, FIRST_YEAR))
        .setDayOfWeek(weekDays)
        .setComment(text)
        .build();
  }

  private static List<ScheduleRange> range(int from, int to) {
    return List.of(new ScheduleRange(from, to));
  }

  private static BitSet bits(int... values) {
    BitSet b = new BitSet();
    for (int v : values) {
      b.set(v);
    }
    return b;
  }

  /**
   * Ranges covering exactly the set bits (plus {@code offset}): one stepped range when the values
   * are evenly spaced, else one range per run of consecutive values.
   */
  static List<ScheduleRange> ranges(BitSet set, int offset) {
    List<Integer> v = new ArrayList<>();
    for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
      v.add(i + offset);
    }
    List<ScheduleRange> out = new ArrayList<>();
    if (v.size() >= 3) {
      int step = v.get(1) - v.get(0);
      boolean even = true;
      for (int i = 2; i < v.size() && even; i++) {
        even = v.get(i) - v.get(i - 1) == step;
      }
      if (even) {
        return List.of(new ScheduleRange(v.get(0), v.get(v.size() - 1), step));
      }
    }
    int i = 0;
    while (i < v.size()) {
      int j = i;
      while (j + 1 < v.size() && v.get(j + 1) == v.get(j) + 1) {
        j++;
      }
      out.add(
          v.get(i).equals(v.get(j))
              ? new ScheduleRange(v.get(i))
              : new ScheduleRange(v.get(i), v.get(j)));
      i = j + 1;
    }
    return out;
  }

  /** Field parsing with the position-and-rule error messages. */
  private static final class Parser {
    private final String text;
    private final boolean withSeconds;

    Parser(String text, boolean withSeconds) {
      this.text = text;
      this.withSeconds = withSeconds;
    }

    /** The field at a position (1-based, as written). */
    String name(int position) {
      return FIELDS.get(position - (withSeconds ? 1 : 0));
    }

    InvalidScheduleException error(int position, String field, String rule) {
      return new InvalidScheduleException(
          text + ": position " + position + " (" + name(position) + " '" + field + "'): " + rule);
    }

    /** A plain field: lists of {@code *}, values, ranges, steps. */
    BitSet values(int position, String field, int min, int max, List<String> names) {
      BitSet out = new BitSet();
      for (String item : items(position, field)) {
        item(position, field, item, min, max, names, out);
      }
      return out;
    }

    private String[] items(int position, String field) {
      if (field.startsWith(",") || field.endsWith(",") || field.contains(",,")) {
        throw error(position, field, "empty list item");
      }
      String[] items = field.split(",");
      for (String item : items) {
        if ("?".equals(item)) {
          throw error(
              position,
              field,
              name(position).startsWith("day-of-")
                  ? "? stands alone, not in a list"
                  : "? is only allowed in day-of-month or day-of-week");
        }
      }
      return items;
    }

    private void item(
        int position, String field, String item, int min, int max, List<String> names, BitSet out) {
      int step = 1;
      String base = item;
      int slash = item.indexOf('/');
      boolean stepped = slash >= 0;
      if (stepped) {
        base = item.substring(0, slash);
        step =
            number(position, field, item.substring(slash + 1), 1, Integer.MAX_VALUE, null, "step");
      }
      int from;
      int to;
      if ("*".equals(base)) {
        from = min;
        to = max;
      } else {
        int dash = base.indexOf('-', 1);
        if (dash > 0) {
          from = number(position, field, base.substring(0, dash), min, max, names, "value");
          to = number(position, field, base.substring(dash + 1), min, max, names, "value");
        } else {
          from = number(position, field, base, min, max, names, "value");
          to = stepped ? max : from;
        }
      }
      if (from <= to) {
        for (int v = from; v <= to; v += step) {
          out.set(v - (year(position) ? FIRST_YEAR : 0));
        }
        return;
      }
      if (year(position)) {
        throw error(position, field, "range " + base + " runs backwards");
      }
      // A range across the end of a cyclic field (22-2, FRI-MON, NOV-FEB) wraps around.
      int size = max - min + 1;
      for (int k = 0; k <= (to - from + size) % size; k += step) {
        out.set(min + (from - min + k) % size);
      }
    }

    private int number(
        int position,
        String field,
        String token,
        int min,
        int max,
        List<String> names,
        String what) {
      String t = token.toUpperCase(Locale.ROOT);
      if (names != null && names.contains(t)) {
        return names.indexOf(t) + 1;
      }
      if (!t.matches("\\d{1,9}")) {
        String allowed =
            names == null ? "" : " or a name " + names.get(0) + "-" + names.get(names.size() - 1);
        throw error(
            position,
            field,
            "'" + token + "' is not a number" + allowed + rulesHint(position, token));
      }
      int v = Integer.parseInt(t);
      if ("step".equals(what) && v < 1) {
        throw error(position, field, "step must be at least 1");
      }
      if (v < min || v > max) {
        throw error(position, field, what + " " + v + " is outside " + min + "-" + max);
      }
      return v;
    }

    private boolean year(int position) {
      return "year".equals(name(position));
    }

    private String rulesHint(int position, String token) {
      String t = token.toUpperCase(Locale.ROOT);
      String n = name(position);
      if (t.contains("W") && !n.equals("day-of-month")) {
        return " (W is only allowed in day-of-month)";
      }
      if (t.contains("#") && !n.equals("day-of-week")) {
        return " (# is only allowed in day-of-week)";
      }
      if (t.contains("L") && !n.startsWith("day-of-")) {
        return " (L is only allowed in day-of-month or day-of-week)";
      }
      return "";
    }

    List<DayRule> dayOfMonth(int position, String field) {
      List<DayRule> rules = new ArrayList<>();
      BitSet plain = new BitSet();
      for (String item : items(position, field)) {
        String u = item.toUpperCase(Locale.ROOT);
        Matcher w = NEAREST.matcher(u);
        if ("L".equals(u)) {
          rules.add(new LastDayOfMonth());
        } else if ("LW".equals(u)) {
          rules.add(new LastWeekdayOfMonth());
        } else if (w.matches()) {
          rules.add(new NearestWeekday(number(position, field, w.group(1), 1, 31, null, "day")));
        } else {
          item(position, field, item, 1, 31, null, plain);
        }
      }
      if (!plain.isEmpty()) {
        rules.add(0, new DaysOfMonth(plain));
      }
      return List.copyOf(rules);
    }

    List<DayRule> dayOfWeek(int position, String field) {
      List<DayRule> rules = new ArrayList<>();
      BitSet plain = new BitSet();
      for (String item : items(position, field)) {
        String u = item.toUpperCase(Locale.ROOT);
        Matcher nth = NTH.matcher(u);
        Matcher last = LAST_OF.matcher(u);
        if ("L".equals(u)) {
          plain.set(7);
        } else if (nth.matches()) {
          int day = number(position, field, nth.group(1), 1, 7, DAYS, "day");
          int k = Integer.parseInt(nth.group(2).length() > 3 ? "9" : nth.group(2));
          if (k < 1 || k > 5) {
            throw error(
                position, field, "#" + nth.group(2) + ": the week of the month must be 1-5");
          }
          rules.add(new NthDayOfWeek(day, k));
        } else if (last.matches()) {
          rules.add(
              new LastDayOfWeekInMonth(number(position, field, last.group(1), 1, 7, DAYS, "day")));
        } else {
          item(position, field, item, 1, 7, DAYS, plain);
        }
      }
      if (!plain.isEmpty()) {
        rules.add(0, new DaysOfWeek(plain));
      }
      return List.copyOf(rules);
    }
  }
}
