package io.ssmflow.simulator.fleet;

import io.ssmflow.simulator.core.Durations;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** A fixed latency ({@code 500ms}) or a uniform range ({@code 500ms-2s}). */
public record Latency(Duration min, Duration max) {
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
    return Durations.parse(text);
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
