package io.ssmflow.simulator.cloudwatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The statistics of the data that fell into one period. */
final class Aggregate {
  private double count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private boolean raw = true;
  private final List<double[]> weighted = new ArrayList<>();

  static Aggregate of(List<Sample> samples) {
    Aggregate a = new Aggregate();
    samples.forEach(a::add);
    return a;
  }

  void add(Sample s) {
    count += s.count();
    sum += s.sum();
    min = Math.min(min, s.min());
    max = Math.max(max, s.max());
    if (s.values() == null) {
      raw = false;
    } else {
      for (int i = 0; i < s.values().length; i++) {
        weighted.add(new double[] {s.values()[i], s.counts()[i]});
      }
    }
  }

  boolean isEmpty() {
    return count <= 0;
  }

  double sampleCount() {
    return count;
  }

  /** The statistic's value; null for a percentile of data sent only as statistic sets. */
  Double value(Stat stat) {
    if (isEmpty()) {
      return null;
    }
    if (stat.isPercentile()) {
      return raw ? percentile(stat.percentile()) : null;
    }
    return switch (stat.name()) {
      case "SampleCount" -> count;
      case "Sum" -> sum;
      case "Average" -> sum / count;
      case "Minimum" -> min;
      default -> max;
    };
  }

  /** Nearest-rank percentile over the weighted values. */
  private double percentile(double p) {
    weighted.sort(Comparator.comparingDouble(w -> w[0]));
    double total = 0;
    for (double[] w : weighted) {
      total += w[1];
    }
    double rank = Math.max(p / 100.0 * total, Double.MIN_VALUE);
    double seen = 0;
    for (double[] w : weighted) {
      seen += w[1];
      if (seen >= rank) {
        return w[0];
      }
    }
    return weighted.get(weighted.size() - 1)[0];
  }
}
