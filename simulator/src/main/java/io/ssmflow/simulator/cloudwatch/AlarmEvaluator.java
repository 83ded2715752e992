package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Decides an alarm's state from its data: the statistic per period over the last EvaluationPeriods
 * periods ending with the one that contains now (periods aligned to the epoch), then
 * DatapointsToAlarm (M of N) and TreatMissingData:
 *
 * <ul>
 *   <li>missing: no data at all is INSUFFICIENT_DATA; with fewer than M datapoints present, the
 *       present ones decide (ALARM when all of them breach);
 *   <li>ignore: as missing, except that no data keeps the current state;
 *   <li>breaching / notBreaching: a missing datapoint counts as breaching / not breaching.
 * </ul>
 *
 * With EvaluateLowSampleCountPercentile=ignore, a percentile over too few samples keeps the state.
 * Reasons and reason data are worded like CloudWatch's.
 */
final class AlarmEvaluator {
  static final DateTimeFormatter REASON_TIME =
      DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter DATA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  /** The evaluation's verdict; {@code state} null means "keep the current state". */
  record Outcome(String state, String reason, String reasonData) {}

  private record Point(long time, Double value, double sampleCount) {}

  private final MetricQueries queries;

  AlarmEvaluator(MetricQueries queries) {
    this.queries = queries;
  }

  Outcome evaluate(AlarmConfig c, String current, long now) {
    int n = c.evaluationPeriods();
    long step = c.period() * 1000L;
    long last = Math.floorDiv(now, step) * step;
    long first = last - (n - 1) * step;
    List<Point> window = window(c, first, last + step, n, step);
    List<Point> present = window.stream().filter(p -> p.value() != null).toList();
    if (lowSampleIgnored(c, present)) {
      return new Outcome(null, null, null);
    }
    int missing = n - present.size();
    int m = c.datapointsToAlarmOrDefault();
    List<Point> breaching = present.stream().filter(p -> c.breaches(p.value())).toList();
    List<Point> fine = present.stream().filter(p -> !c.breaches(p.value())).toList();
    String treat = c.treatMissingDataOrDefault();
    String next;
    switch (treat) {
      case "breaching" -> next = breaching.size() + missing >= m ? "ALARM" : "OK";
      case "notBreaching" -> next = breaching.size() >= m ? "ALARM" : "OK";
      default -> {
        if (present.isEmpty()) {
          if (treat.equals("ignore")) {
            return new Outcome(null, null, null);
          }
          return new Outcome(
              "INSUFFICIENT_DATA",
              "Insufficient Data: " + n + " datapoint" + (n == 1 ? " was" : "s were") + " unknown.",
              reasonData(c, now, first, window));
        }
        next = breaching.size() >= Math.min(m, present.size()) ? "ALARM" : "OK";
      }
    }
    String reason =
        thresholdReason(
            c, current, next, next.equals("ALARM") ? breaching : fine, n, m, missing, treat);
    return new Outcome(next, reason, reasonData(c, now, first, window));
  }

  private List<Point> window(AlarmConfig c, long from, long to, int n, long step) {
    TreeMap<Long, Double> values = new TreeMap<>();
    TreeMap<Long, Double> counts = new TreeMap<>();
    if (c.isMathAlarm()) {
      List<MetricQueries.Result> results = queries.run(c.metrics(), from, to);
      if (!results.isEmpty()) {
        values.putAll(results.get(0).points().subMap(from, true, to, false));
      }
    } else {
      queries
          .aggregates(c.metric(), c.unit(), from, to, c.period())
          .forEach(
              (t, a) -> {
                Double v = a.value(c.stat());
                if (v != null) {
                  values.put(t, v);
                  counts.put(t, a.sampleCount());
                }
              });
    }
    List<Point> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      long t = from + k * step;
      out.add(new Point(t, values.get(t), counts.getOrDefault(t, 0.0)));
    }
    return out;
  }

  /** CloudWatch's rule: a percentile needs 10 / (1 - p) samples to be trusted. */
  private static boolean lowSampleIgnored(AlarmConfig c, List<Point> present) {
    if (!"ignore".equals(c.evaluateLowSampleCountPercentile())
        || c.stat() == null
        || !c.stat().isPercentile()
        || present.isEmpty()) {
      return false;
    }
    double p = c.stat().percentile() / 100.0;
    double needed = p >= 1 ? Double.POSITIVE_INFINITY : 10 / (1 - p);
    return present.stream().anyMatch(x -> x.sampleCount() < needed);
  }

  private static String thresholdReason(
      AlarmConfig c,
      String current,
      String next,
      List<Point> counted,
      int n,
      int m,
      int missing,
      String treat) {
    StringBuilder b = new StringBuilder("Threshold Crossed: ");
    if (counted.isEmpty()) {
      b.append("no datapoints were received for ")
          .append(n)
          .append(n == 1 ? " period" : " periods")
          .append(" and ")
          .append(missing)
          .append(" missing datapoint")
          .append(missing == 1 ? " was" : "s were")
          .append(" treated as [")
          .append(treat.equals("breaching") ? "Breaching" : "NonBreaching")
          .append("]");
    } else {
      List<Point> newestFirst = new ArrayList<>(counted);
      newestFirst.sort((x, y) -> Long.compare(y.time(), x.time()));
      b.append(counted.size()).append(" out of the last ").append(n).append(" datapoints [");
      for (int i = 0; i < newestFirst.size(); i++) {
        Point p = newestFirst.get(i);
        b.append(i == 0 ? "" : ", ")
            .append(p.value())
            .append(" (")
            .append(REASON_TIME.format(Instant.ofEpochMilli(p.time())))
            .append(")");
      }
      b.append("] ")
          .append(counted.size() == 1 ? "was " : "were ")
          .append(next.equals("ALARM") ? "" : "not ")
          .append(c.operatorPhrase())
          .append(" the threshold (")
          .append(c.threshold())
          .append(")");
    }
    if (current.equals("OK") || current.equals("ALARM")) {
      b.append(" (minimum ")
          .append(m)
          .append(" datapoint")
          .append(m == 1 ? "" : "s")
          .append(" for ")
          .append(current)
          .append(" -> ")
          .append(next)
          .append(" transition)");
    }
    return b.append('.').toString();
  }

  private static String reasonData(AlarmConfig c, long now, long first, List<Point> window) {
    ObjectNode d =
        Json.object()
            .put("version", "1.0")
            .put("queryDate", DATA_TIME.format(Instant.ofEpochMilli(now)))
            .put("startDate", DATA_TIME.format(Instant.ofEpochMilli(first)));
    if (c.stat() != null) {
      d.put(c.stat().isPercentile() ? "extendedStatistic" : "statistic", c.stat().name());
    }
    d.put("period", c.period());
    ArrayNode recent = d.putArray("recentDatapoints");
    window.stream().filter(p -> p.value() != null).forEach(p -> recent.add(p.value()));
    d.put("threshold", c.threshold());
    ArrayNode evaluated = d.putArray("evaluatedDatapoints");
    for (int i = window.size() - 1; i >= 0; i--) {
      Point p = window.get(i);
      ObjectNode e =
          evaluated.addObject().put("timestamp", DATA_TIME.format(Instant.ofEpochMilli(p.time())));
      if (p.value() != null) {
        if (!c.isMathAlarm()) {
          e.put("sampleCount", p.sampleCount());
        }
        e.put("value", p.value());
      }
    }
    return d.toString();
  }
}
