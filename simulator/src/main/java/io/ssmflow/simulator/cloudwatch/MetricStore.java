package io.ssmflow.simulator.cloudwatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Every metric's data, by {@link MetricId}. */
final class MetricStore {
  private final Map<MetricId, MetricSeries> series = new ConcurrentHashMap<>();

  void put(MetricId id, Sample s, long now) {
    series.computeIfAbsent(id, MetricSeries::new).add(s, now);
  }

  /** The data of one metric with {@code from <= time < to}; empty for an unknown metric. */
  List<Sample> between(MetricId id, long from, long to) {
    MetricSeries s = series.get(id);
    return s == null ? List.of() : s.between(from, to);
  }

  List<MetricSeries> matching(Predicate<MetricId> filter) {
    List<MetricSeries> out = new ArrayList<>();
    series.forEach(
        (id, s) -> {
          if (filter.test(id)) {
            out.add(s);
          }
        });
    return out;
  }

  int metricCount() {
    return series.size();
  }

  void clear() {
    series.clear();
  }
}
