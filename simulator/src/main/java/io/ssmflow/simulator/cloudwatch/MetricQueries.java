package io.ssmflow.simulator.cloudwatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns stored data into per-period statistics: the buckets of GetMetricStatistics, the series of
 * GetMetricData (MetricStat and expression queries) and the windows alarms evaluate.
 */
final class MetricQueries {
  static final int MAX_GRID_POINTS = 100_800;

  /** One GetMetricData query (or one entry of a metric-math alarm's Metrics). */
  record Query(
      String id,
      String label,
      boolean returnData,
      MetricId metric,
      Integer period,
      Stat stat,
      String unit,
      String expression) {
    boolean isExpression() {
      return expression != null;
    }

    String effectiveLabel() {
      if (label != null) {
        return label;
      }
      return isExpression() ? id : metric.name();
    }
  }

  /** The answer to one query. */
  record Result(String id, String label, TreeMap<Long, Double> points) {}

  private final MetricStore store;

  MetricQueries(MetricStore store) {
    this.store = store;
  }

  /**
   * The data of {@code metric} (of {@code unit} when given) grouped into periods that start at
   * {@code alignedStart}, up to {@code end} (exclusive), keyed by period start.
   */
  TreeMap<Long, Aggregate> aggregates(
      MetricId metric, String unit, long alignedStart, long end, int periodSeconds) {
    long step = periodSeconds * 1000L;
    TreeMap<Long, Aggregate> out = new TreeMap<>();
    for (Sample s : store.between(metric, alignedStart, end)) {
      if (unit != null && !unit.equals(s.unit())) {
        continue;
      }
      long bucket = alignedStart + Math.floorDiv(s.timeMillis() - alignedStart, step) * step;
      out.computeIfAbsent(bucket, k -> new Aggregate()).add(s);
    }
    return out;
  }

  /** One statistic per period; periods without data (or without a value) are left out. */
  TreeMap<Long, Double> series(
      MetricId metric, Stat stat, String unit, long alignedStart, long end, int periodSeconds) {
    TreeMap<Long, Double> out = new TreeMap<>();
    aggregates(metric, unit, alignedStart, end, periodSeconds)
        .forEach(
            (t, a) -> {
              Double v = a.value(stat);
              if (v != null) {
                out.put(t, v);
              }
            });
    return out;
  }

  /**
   * Runs GetMetricData queries over {@code [start, end)} and answers the results of those that
   * return data, in request order.
   */
  List<Result> run(List<Query> queries, long start, long end) {
    Map<String, Query> byId = new LinkedHashMap<>();
    queries.forEach(q -> byId.put(q.id(), q));
    Map<String, TreeMap<Long, Double>> done = new HashMap<>();
    List<String> running = new ArrayList<>();
    int gridPeriod =
        queries.stream().filter(q -> q.period() != null).mapToInt(Query::period).min().orElse(60);
    List<Result> out = new ArrayList<>();
    for (Query q : queries) {
      TreeMap<Long, Double> points = compute(q, byId, done, running, start, end, gridPeriod);
      if (q.returnData()) {
        out.add(new Result(q.id(), q.effectiveLabel(), points));
      }
    }
    return out;
  }

  private TreeMap<Long, Double> compute(
      Query q,
      Map<String, Query> byId,
      Map<String, TreeMap<Long, Double>> done,
      List<String> running,
      long start,
      long end,
      int gridPeriod) {
    TreeMap<Long, Double> known = done.get(q.id());
    if (known != null) {
      return known;
    }
    TreeMap<Long, Double> points;
    if (!q.isExpression()) {
      points =
          series(
              q.metric(),
              q.stat(),
              q.unit(),
              MetricInputs.alignedStart(start, q.period()),
              end,
              q.period());
    } else {
      if (running.contains(q.id())) {
        throw CwErrors.invalidParameterValue(
            "Error in expression "
                + q.id()
                + ": Circular reference between metric queries "
                + running);
      }
      running.add(q.id());
      int period = q.period() != null ? q.period() : gridPeriod;
      MetricMath.Context ctx =
          new MetricMath.Context() {
            @Override
            public MetricMath.Value resolve(String id) {
              Query other = byId.get(id);
              return other == null
                  ? null
                  : new MetricMath.Series(
                      compute(other, byId, done, running, start, end, gridPeriod));
            }

            @Override
            public List<MetricMath.Series> metrics(String labelFilter) {
              List<MetricMath.Series> all = new ArrayList<>();
              for (Query other : byId.values()) {
                if (!other.isExpression() && other.effectiveLabel().contains(labelFilter)) {
                  all.add(
                      new MetricMath.Series(
                          compute(other, byId, done, running, start, end, gridPeriod)));
                }
              }
              return all;
            }

            @Override
            public List<Long> grid() {
              return MetricQueries.grid(start, end, period);
            }
          };
      points = MetricMath.evaluate(q.id(), q.expression(), ctx);
      running.remove(q.id());
    }
    done.put(q.id(), points);
    return points;
  }

  static List<Long> grid(long start, long end, int periodSeconds) {
    long step = periodSeconds * 1000L;
    long first = MetricInputs.alignedStart(start, periodSeconds);
    if ((end - first) / step > MAX_GRID_POINTS) {
      throw CwErrors.invalidParameterValue(
          "The expression would fill more than "
              + MAX_GRID_POINTS
              + " datapoints; use a longer Period or a shorter time range.");
    }
    List<Long> out = new ArrayList<>();
    for (long t = first; t < end; t += step) {
      out.add(t);
    }
    return out;
  }
}
