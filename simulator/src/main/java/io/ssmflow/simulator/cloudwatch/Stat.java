package io.ssmflow.simulator.cloudwatch;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statistic: one of the five named ones or a percentile {@code pNN} / {@code pNN.NN}.
 *
 * @param name as the client wrote it (SampleCount, Average, p99, p99.9)
 * @param percentile the percentile for pNN, else null
 */
record Stat(String name, Double percentile) {
  static final List<String> NAMED = List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
  private static final Pattern PERCENTILE = Pattern.compile("^p(\\d{1,2}(\\.\\d{1,10})?|100)$");

  static boolean isNamed(String s) {
    return NAMED.contains(s);
  }

  /** A named statistic or a percentile; null when {@code s} is neither. */
  static Stat parse(String s) {
    if (NAMED.contains(s)) {
      return new Stat(s, null);
    }
    Matcher m = PERCENTILE.matcher(s);
    if (m.matches()) {
      double p = Double.parseDouble(s.substring(1));
      return p <= 100 ? new Stat(s, p) : null;
    }
    return null;
  }

  static Stat percentile(String s) {
    Stat stat = parse(s);
    return stat != null && stat.percentile() != null ? stat : null;
  }

  boolean isPercentile() {
    return percentile != null;
  }
}
