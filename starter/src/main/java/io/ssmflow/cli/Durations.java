package io.ssmflow.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, ISO. */
public final class Durations {
  /** The shortest wait a timeout flag takes. */
  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

  /** The longest approval wait (deploy, params audit): 30 days. */
  public static final Duration MAX_APPROVAL = Duration.ofDays(30);

  /** The longest retention or age (snapshot retention, session age): 365 days. */
  public static final Duration MAX_RETENTION = Duration.ofDays(365);

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @param what the flag or field, for the message
   * @throws IllegalArgumentException with one line naming {@code what}
   */
  public static Duration parse(String what, String text) {
    String t = text == null ? "" : text.trim();
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          what + " must be a duration such as 30s, 5m or 1h, not '" + text + "'");
    }
  }

  /**
   * {@link #parse(String, String)} within bounds: every duration flag has an upper bound, so a typo
   * such as {@code 999999999d} is bad input instead of a timer the workflow cannot set.
   *
   * @throws IllegalArgumentException with one line naming {@code what} and the bounds
   */
  public static Duration parse(String what, String text, Duration min, Duration max) {
    Duration d = parse(what, text);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          what + " must be between " + text(min) + " and " + text(max) + ", not '" + text + "'");
    }
    return d;
  }

  /** A duration the way the flags write it: {@code 30d}, {@code 12h}, {@code 5m}, {@code 1s}. */
  public static String text(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toMillisPart() != 0 || d.getSeconds() == 0) {
      return d.toMillis() + "ms";
    }
    long s = d.getSeconds();
    if (s % 86_400 == 0 && s > 86_400) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
