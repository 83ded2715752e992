package io.ssmflow.simulator.cloudwatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored data of one metric, ordered by time and bounded: at most {@link #MAX_SAMPLES} data and
 * nothing older than {@link #RETENTION_MILLIS}; the oldest go first.
 */
final class MetricSeries {
  static final int MAX_SAMPLES = 50_000;
  static final long RETENTION_MILLIS = 15L * 24 * 3600 * 1000;

  private final MetricId id;
  private final TreeMap<Long, List<Sample>> byTime = new TreeMap<>();
  private int size;
  private long lastPut;

  MetricSeries(MetricId id) {
    this.id = id;
  }

  MetricId id() {
    return id;
  }

  synchronized void add(Sample s, long now) {
    byTime.computeIfAbsent(s.timeMillis(), k -> new ArrayList<>(1)).add(s);
    size++;
    lastPut = Math.max(lastPut, now);
    long horizon = now - RETENTION_MILLIS;
    while (size > MAX_SAMPLES || (!byTime.isEmpty() && byTime.firstKey() < horizon)) {
      Map.Entry<Long, List<Sample>> first = byTime.pollFirstEntry();
      size -= first.getValue().size();
    }
  }

  /** The data with {@code from <= time < to}. */
  synchronized List<Sample> between(long from, long to) {
    List<Sample> out = new ArrayList<>();
    if (from >= to) {
      return out;
    }
    byTime.subMap(from, true, to, false).values().forEach(out::addAll);
    return out;
  }

  synchronized long lastPut() {
    return lastPut;
  }

  synchronized int size() {
    return size;
  }
}
