package io.ssmflow.simulator.fleet;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A fixed latency ({@code 500ms}) or a uniform range ({@code 500ms-2s}). */
public record Latency(Duration min, Duration max) {
  private static final Pattern ONE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
  public static final Latency ZERO = new Latency(Duration.ZERO, Duration.ZERO);

  public Latency {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency range must be non-negative and min <= max");
    }
  }

  public static Latency fixed(Duration d) {
    return new Latency(d, d);
  }

  /** Parses {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 500ms-2s}, {@code 1m}. */
  public static Latency parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-', 1);
    if (dash > 0) {
      return new Latency(duration(t.substring(0, dash)), duration(t.substring(dash + 1)));
    }
    return fixed(duration(t));
  }

  public static Duration duration(String text) {
    Matcher m = ONE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (examples: 250ms, 2s, 1.5s, 1m)");
    }
    double value = Double.parseDouble(m.group(1));
    double millis = switch (m.group(2)) {
      case "ms" -> value;
      case "s" -> value * 1000;
      case "m" -> value * 60_000;
      default -> value * 3_600_000;
    };
    return Duration.ofMillis(Math.round(millis));
  }

  /** A sample from the range. */
  public Duration sample() {
    long lo = min.toMillis();
    long hi = max.toMillis();
    return lo == hi ? min : Duration.ofMillis(ThreadLocalRandom.current().nextLong(lo, hi + 1));
  }

  @Override
  public String toString() {
    return min.equals(max) ? min.toMillis() + "ms" : min.toMillis() + "ms-" + max.toMillis() + "ms";
  }
}
