package io.ssmflow.simulator.fleet;

import java.util.Locale;

/**
 * An instance's load averages over 1, 5 and 15 minutes, as {@code /proc/loadavg} shows them inside
 * the instance (the patch health check and the audit's load check read them).
 */
public record LoadAverage(double one, double five, double fifteen) {
  /** A quiet, healthy server. */
  public static final LoadAverage DEFAULT = new LoadAverage(0.08, 0.05, 0.01);

  private static final double MAX = 10_000;

  public LoadAverage {
    for (double v : new double[] {one, five, fifteen}) {
      if (!(v >= 0 && v <= MAX)) {
        throw new IllegalArgumentException("a load average must be between 0 and " + (int) MAX);
      }
    }
  }

  /** "0.5" (all three) or "0.5 0.4 0.3" (1, 5 and 15 minutes; commas allowed too). */
  public static LoadAverage parse(String text) {
    String[] parts = text.trim().split("[\\s,]+");
    try {
      if (parts.length == 1) {
        double v = Double.parseDouble(parts[0]);
        return new LoadAverage(v, v, v);
      }
      if (parts.length == 3) {
        return new LoadAverage(
            Double.parseDouble(parts[0]),
            Double.parseDouble(parts[1]),
            Double.parseDouble(parts[2]));
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not a load average: give one number"
            + " or three (1, 5 and 15 minutes), e.g. \"0.5\" or \"2.5 1.8 1.2\"");
  }

  /** The content of /proc/loadavg ({@code 0.08 0.05 0.01 1/97 1234}). */
  public String procText(int lastPid) {
    return String.format(Locale.ROOT, "%.2f %.2f %.2f 1/97 %d%n", one, five, fifteen, lastPid);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.2f %.2f %.2f", one, five, fifteen);
  }
}
