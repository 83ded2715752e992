package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.core.TimestampNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** PutMetricData, GetMetricStatistics, GetMetricData and ListMetrics. */
final class MetricsApi {
  static final int MAX_METRIC_DATA = 1000;
  static final int MAX_VALUES = 150;
  static final int LIST_PAGE = 500;
  static final int MAX_STATISTICS_DATAPOINTS = 1440;
  static final int MAX_QUERIES = 500;
  static final int DEFAULT_MAX_DATAPOINTS = 100_800;
  private static final double MAX_MAGNITUDE = 1.174271e108;
  private static final double MIN_MAGNITUDE = 8.515920e-109;
  private static final Duration MAX_AGE = Duration.ofDays(14);
  private static final Duration MAX_FUTURE = Duration.ofHours(2);
  private static final Pattern QUERY_ID = Pattern.compile("^[a-z][a-zA-Z0-9_]{0,254}$");

  private final MetricStore store;
  private final MetricQueries queries;
  private final Consumer<Set<MetricId>> onPut;

  MetricsApi(MetricStore store, MetricQueries queries, Consumer<Set<MetricId>> onPut) {
    this.store = store;
    this.queries = queries;
    this.onPut = onPut;
  }

  // ---- PutMetricData -----------------------------------------------------------------------

  JsonNode putMetricData(JsonNode in, RequestContext ctx) {
    String namespace = MetricInputs.namespace(in, "Namespace");
    if (namespace.startsWith("AWS/")) {
      throw CwErrors.invalidValue(namespace, "Namespace");
    }
    List<JsonNode> data = CwInput.list(in, "MetricData", "MetricData");
    if (data.isEmpty()) {
      throw CwErrors.missingParameter("MetricData");
    }
    if (data.size() > MAX_METRIC_DATA) {
      throw CwErrors.invalidParameterValue(
          "The collection MetricData must not have a size"
              + " greater than "
              + MAX_METRIC_DATA
              + ".");
    }
    long now = System.currentTimeMillis();
    // Validate everything first: one bad datum rejects the whole request, as AWS does.
    List<MetricId> ids = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    int i = 1;
    for (JsonNode d : data) {
      String p = "MetricData.member." + i++;
      MetricId id =
          new MetricId(
              ctx.region(),
              namespace,
              MetricInputs.metricName(d, p + ".MetricName"),
              MetricInputs.dimensions(d, "Dimensions", p + ".Dimensions"));
      ids.add(id);
      samples.add(sample(d, p, now));
    }
    Set<MetricId> touched = new LinkedHashSet<>();
    for (int k = 0; k < ids.size(); k++) {
      store.put(ids.get(k), samples.get(k), now);
      touched.add(ids.get(k));
    }
    onPut.accept(touched);
    return Json.object();
  }

  private static Sample sample(JsonNode d, String p, long now) {
    Instant ts = CwInput.timestamp(d, "Timestamp", p + ".Timestamp");
    long time = ts == null ? now : ts.toEpochMilli();
    if (time < now - MAX_AGE.toMillis()) {
      throw CwErrors.invalidParameterValue(
          "The parameter " + p + ".Timestamp must specify a" + " time within the past two weeks.");
    }
    if (time > now + MAX_FUTURE.toMillis()) {
      throw CwErrors.invalidParameterValue(
          "The parameter "
              + p
              + ".Timestamp must specify a"
              + " time no more than two hours in the future.");
    }
    String unit = MetricInputs.unit(d, "Unit", p + ".Unit");
    Integer resolution = CwInput.integer(d, "StorageResolution", p + ".StorageResolution");
    if (resolution != null && resolution != 1 && resolution != 60) {
      throw CwErrors.invalidValue(resolution, p + ".StorageResolution");
    }
    String storedUnit = unit == null ? "None" : unit;
    boolean hasValue = CwInput.has(d, "Value");
    boolean hasValues = !CwInput.list(d, "Values", p + ".Values").isEmpty();
    boolean hasStats = CwInput.has(d, "StatisticValues");
    if (hasValue && hasValues) {
      throw CwErrors.mutuallyExclusive(p + ".Value", p + ".Values");
    }
    if (hasValue && hasStats) {
      throw CwErrors.mutuallyExclusive(p + ".Value", p + ".StatisticValues");
    }
    if (hasValues && hasStats) {
      throw CwErrors.mutuallyExclusive(p + ".Values", p + ".StatisticValues");
    }
    if (hasValue) {
      return Sample.of(time, value(d, "Value", p + ".Value"), storedUnit);
    }
    if (hasValues) {
      return distribution(d, p, time, storedUnit);
    }
    if (hasStats) {
      return statisticSet(
          CwInput.node(d, "StatisticValues"), p + ".StatisticValues", time, storedUnit);
    }
    throw CwErrors.invalidParameterCombination(
        "At least one of the parameters "
            + p
            + ".Value, "
            + p
            + ".Values or "
            + p
            + ".StatisticValues must be specified.");
  }

  private static double value(JsonNode in, String member, String path) {
    Double v = CwInput.number(in, member, path);
    if (v == null) {
      throw CwErrors.missingParameter(path);
    }
    checkMagnitude(v, path);
    return v;
  }

  private static void checkMagnitude(double v, String path) {
    double abs = Math.abs(v);
    if (Double.isNaN(v)
        || Double.isInfinite(v)
        || abs > MAX_MAGNITUDE
        || (abs != 0 && abs < MIN_MAGNITUDE)) {
      throw CwErrors.invalidValue(v, path);
    }
  }

  private static Sample distribution(JsonNode d, String p, long time, String unit) {
    List<JsonNode> values = CwInput.list(d, "Values", p + ".Values");
    List<JsonNode> counts = CwInput.list(d, "Counts", p + ".Counts");
    if (values.size() > MAX_VALUES) {
      throw CwErrors.invalidParameterValue(
          "The collection "
              + p
              + ".Values must not have a"
              + " size greater than "
              + MAX_VALUES
              + ".");
    }
    if (!counts.isEmpty() && counts.size() != values.size()) {
      throw CwErrors.invalidParameterValue(
          "The parameters " + p + ".Values and " + p + ".Counts must be of the same size.");
    }
    double[] v = new double[values.size()];
    double[] c = new double[values.size()];
    double count = 0;
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < v.length; k++) {
      JsonNode vn = values.get(k);
      // Query requests carry numbers as text.
      boolean numeric = vn.isNumber() || (vn.isTextual() && !Double.isNaN(vn.asDouble(Double.NaN)));
      if (!numeric) {
        throw CwErrors.invalidValue(vn.asText(), p + ".Values.member." + (k + 1));
      }
      v[k] = vn.asDouble();
      checkMagnitude(v[k], p + ".Values.member." + (k + 1));
      c[k] = counts.isEmpty() ? 1 : counts.get(k).asDouble(Double.NaN);
      if (Double.isNaN(c[k]) || c[k] < 0) {
        throw CwErrors.invalidValue(counts.get(k).asText(), p + ".Counts.member." + (k + 1));
      }
      count += c[k];
      sum += v[k] * c[k];
      if (c[k] > 0) {
        min = Math.min(min, v[k]);
        max = Math.max(max, v[k]);
      }
    }
    if (count <= 0) {
      throw CwErrors.invalidParameterValue(
          "The parameter " + p + ".Counts must add up to more than 0.");
    }
    return new Sample(time, count, sum, min, max, v, c, unit);
  }

  private static Sample statisticSet(JsonNode s, String p, long time, String unit) {
    double count = value(s, "SampleCount", p + ".SampleCount");
    double sum = value(s, "Sum", p + ".Sum");
    double min = value(s, "Minimum", p + ".Minimum");
    double max = value(s, "Maximum", p + ".Maximum");
    if (count <= 0) {
      throw CwErrors.invalidValue(count, p + ".SampleCount");
    }
    if (min > max) {
      throw CwErrors.invalidParameterValue(
          "The parameter " + p + ".Minimum must not be" + " greater than " + p + ".Maximum.");
    }
    boolean rawKnown = count == 1 || min == max;
    return new Sample(
        time,
        count,
        sum,
        min,
        max,
        rawKnown ? new double[] {min} : null,
        rawKnown ? new double[] {count} : null,
        unit);
  }

  // ---- GetMetricStatistics -----------------------------------------------------------------

  JsonNode getMetricStatistics(JsonNode in, RequestContext ctx) {
    String namespace = MetricInputs.namespace(in, "Namespace");
    String name = MetricInputs.metricName(in, "MetricName");
    List<Dimension> dims = MetricInputs.dimensions(in, "Dimensions", "Dimensions");
    Instant start = CwInput.requiredTimestamp(in, "StartTime", "StartTime");
    Instant end = CwInput.requiredTimestamp(in, "EndTime", "EndTime");
    int period = MetricInputs.period(CwInput.integer(in, "Period", "Period"), "Period");
    String unit = MetricInputs.unit(in, "Unit", "Unit");
    List<Stat> stats = new ArrayList<>();
    List<String> names = CwInput.strings(in, "Statistics", "Statistics");
    List<String> extended = CwInput.strings(in, "ExtendedStatistics", "ExtendedStatistics");
    if (names.isEmpty() && extended.isEmpty()) {
      throw CwErrors.invalidParameterCombination(
          "Must specify either Statistics or ExtendedStatistics");
    }
    if (!names.isEmpty() && !extended.isEmpty()) {
      throw CwErrors.mutuallyExclusive("Statistics", "ExtendedStatistics");
    }
    if (names.size() > 5) {
      throw CwErrors.invalidParameterValue(
          "The collection Statistics must not have a size greater than 5.");
    }
    if (extended.size() > 10) {
      throw CwErrors.invalidParameterValue(
          "The collection ExtendedStatistics must not have a size greater than 10.");
    }
    for (int k = 0; k < names.size(); k++) {
      if (!Stat.isNamed(names.get(k))) {
        throw CwErrors.invalidValue(names.get(k), "Statistics.member." + (k + 1));
      }
      stats.add(Stat.parse(names.get(k)));
    }
    for (int k = 0; k < extended.size(); k++) {
      Stat p = Stat.percentile(extended.get(k));
      if (p == null) {
        throw CwErrors.invalidValue(extended.get(k), "ExtendedStatistics.member." + (k + 1));
      }
      stats.add(p);
    }
    if (!start.isBefore(end)) {
      throw CwErrors.invalidParameterValue(
          "The parameter StartTime must be less than the parameter EndTime.");
    }
    long from = MetricInputs.alignedStart(start.toEpochMilli(), period);
    long requested = (end.toEpochMilli() - from + period * 1000L - 1) / (period * 1000L);
    if (requested > MAX_STATISTICS_DATAPOINTS) {
      throw CwErrors.invalidParameterCombination(
          String.format(
              "You have requested up to %,d"
                  + " datapoints, which exceeds the limit of %,d. You may reduce the datapoints requested"
                  + " by increasing Period, or decreasing the time range.",
              requested, MAX_STATISTICS_DATAPOINTS));
    }
    MetricId id = new MetricId(ctx.region(), namespace, name, dims);
    ArrayNode datapoints = Json.array();
    List<String> units = new ArrayList<>();
    if (unit != null) {
      units.add(unit);
    } else {
      Set<String> seen = new LinkedHashSet<>();
      store.between(id, from, end.toEpochMilli()).forEach(s -> seen.add(s.unit()));
      units.addAll(seen);
    }
    TreeMap<Long, List<ObjectNode>> ordered = new TreeMap<>();
    for (String u : units) {
      queries
          .aggregates(id, u, from, end.toEpochMilli(), period)
          .forEach(
              (t, agg) -> {
                ObjectNode dp = Json.object();
                dp.set("Timestamp", TimestampNode.of(Instant.ofEpochMilli(t)));
                ObjectNode ext = null;
                for (Stat s : stats) {
                  Double v = agg.value(s);
                  if (s.isPercentile()) {
                    if (v != null) {
                      if (ext == null) {
                        ext = Json.object();
                      }
                      ext.put(s.name(), v.doubleValue());
                    }
                  } else {
                    dp.put(s.name(), v.doubleValue());
                  }
                }
                dp.put("Unit", u);
                if (ext != null) {
                  dp.set("ExtendedStatistics", ext);
                }
                ordered.computeIfAbsent(t, k -> new ArrayList<>()).add(dp);
              });
    }
    ordered.values().forEach(list -> list.forEach(datapoints::add));
    ObjectNode out = Json.object().put("Label", name);
    out.set("Datapoints", datapoints);
    return out;
  }

  // ---- GetMetricData -----------------------------------------------------------------------

  JsonNode getMetricData(JsonNode in, RequestContext ctx) {
    List<JsonNode> raw = CwInput.list(in, "MetricDataQueries", "MetricDataQueries");
    if (raw.isEmpty()) {
      throw CwErrors.missingParameter("MetricDataQueries");
    }
    if (raw.size() > MAX_QUERIES) {
      throw CwErrors.invalidParameterValue(
          "The collection MetricDataQueries must not have a"
              + " size greater than "
              + MAX_QUERIES
              + ".");
    }
    List<MetricQueries.Query> qs = parseQueries(raw, ctx.region(), "MetricDataQueries", false);
    Instant start = CwInput.requiredTimestamp(in, "StartTime", "StartTime");
    Instant end = CwInput.requiredTimestamp(in, "EndTime", "EndTime");
    if (start.equals(end)) {
      throw CwErrors.validation("The parameter StartTime must not equal parameter EndTime.");
    }
    if (start.isAfter(end)) {
      throw CwErrors.validation("The parameter EndTime must be greater than StartTime.");
    }
    String scanBy = CwInput.text(in, "ScanBy", "ScanBy");
    if (scanBy != null
        && !scanBy.equals("TimestampDescending")
        && !scanBy.equals("TimestampAscending")) {
      throw CwErrors.enumValue(
          scanBy, "scanBy", List.of("TimestampDescending", "TimestampAscending"));
    }
    boolean descending = !"TimestampAscending".equals(scanBy);
    Integer max = CwInput.integer(in, "MaxDatapoints", "MaxDatapoints");
    if (max != null && max < 1) {
      throw CwErrors.invalidValue(max, "MaxDatapoints");
    }
    int budget = max == null ? DEFAULT_MAX_DATAPOINTS : max;
    String position = MetricInputs.position(CwInput.text(in, "NextToken", "NextToken"));
    long offset = 0;
    if (position != null) {
      try {
        offset = Long.parseLong(position);
      } catch (NumberFormatException e) {
        throw CwErrors.invalidNextToken();
      }
    }
    List<MetricQueries.Result> results = queries.run(qs, start.toEpochMilli(), end.toEpochMilli());
    ArrayNode out = Json.array();
    long cursor = 0;
    long pageEnd = offset + budget;
    for (MetricQueries.Result r : results) {
      List<Map.Entry<Long, Double>> points =
          new ArrayList<>(
              descending ? r.points().descendingMap().entrySet() : r.points().entrySet());
      long from = Math.max(offset - cursor, 0);
      long to = Math.min(pageEnd - cursor, points.size());
      boolean firstPage = offset == 0;
      if (from < to || (firstPage && from == 0 && points.isEmpty())) {
        ObjectNode n = out.addObject().put("Id", r.id()).put("Label", r.label());
        ArrayNode ts = n.putArray("Timestamps");
        ArrayNode vs = n.putArray("Values");
        for (long k = from; k < to; k++) {
          Map.Entry<Long, Double> e = points.get((int) k);
          ts.add(TimestampNode.of(Instant.ofEpochMilli(e.getKey())));
          vs.add(e.getValue().doubleValue());
        }
        n.put("StatusCode", to < points.size() ? "PartialData" : "Complete");
        n.putArray("Messages");
      }
      cursor += points.size();
    }
    ObjectNode answer = Json.object();
    answer.set("MetricDataResults", out);
    if (cursor > pageEnd) {
      answer.put("NextToken", MetricInputs.token(Long.toString(pageEnd)));
    }
    answer.putArray("Messages");
    return answer;
  }

  /**
   * GetMetricData queries, or a metric-math alarm's Metrics ({@code alarm} true: MetricStat periods
   * are required there too and ReturnData defaults differently).
   */
  static List<MetricQueries.Query> parseQueries(
      List<JsonNode> raw, String region, String path, boolean alarm) {
    List<MetricQueries.Query> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int i = 1;
    for (JsonNode q : raw) {
      String p = path + ".member." + i++;
      String id = CwInput.requiredText(q, "Id", p + ".Id");
      if (!QUERY_ID.matcher(id).matches()) {
        throw CwErrors.invalidParameterValue(
            "The value "
                + id
                + " for parameter "
                + p
                + ".Id"
                + " is invalid. It must start with a lowercase letter and contain only letters,"
                + " numbers and underscores.");
      }
      if (!ids.add(id)) {
        throw CwErrors.invalidParameterValue(
            "The values for parameter id in " + path + " are not unique.");
      }
      String label = CwInput.text(q, "Label", p + ".Label");
      Boolean returnData = CwInput.bool(q, "ReturnData", p + ".ReturnData");
      JsonNode stat = CwInput.node(q, "MetricStat");
      String expression = CwInput.text(q, "Expression", p + ".Expression");
      Integer period = CwInput.integer(q, "Period", p + ".Period");
      if (stat != null && expression != null) {
        throw CwErrors.mutuallyExclusive(p + ".MetricStat", p + ".Expression");
      }
      if (stat == null && expression == null) {
        throw CwErrors.validation("The parameter " + p + ".MetricStat is required.\n");
      }
      if (expression != null) {
        if (expression.isBlank() || expression.length() > 2048) {
          throw CwErrors.invalidValue(expression, p + ".Expression");
        }
        if (period != null) {
          MetricInputs.period(period, p + ".Period");
        }
        out.add(
            new MetricQueries.Query(
                id, label, returnData == null || returnData, null, period, null, null, expression));
        continue;
      }
      MetricId metric =
          MetricInputs.metric(CwInput.node(stat, "Metric"), region, p + ".MetricStat.Metric");
      int statPeriod =
          MetricInputs.period(
              CwInput.integer(stat, "Period", p + ".MetricStat.Period"), p + ".MetricStat.Period");
      String statName = CwInput.requiredText(stat, "Stat", p + ".MetricStat.Stat");
      Stat parsed = Stat.parse(statName);
      if (parsed == null) {
        throw CwErrors.invalidParameterValue(
            "The value "
                + statName
                + " for parameter "
                + p
                + ".MetricStat.Stat is invalid. The simulator supports SampleCount, Average, Sum,"
                + " Minimum, Maximum and percentiles pNN.");
      }
      String unit = MetricInputs.unit(stat, "Unit", p + ".MetricStat.Unit");
      out.add(
          new MetricQueries.Query(
              id, label, returnData == null || returnData, metric, statPeriod, parsed, unit, null));
    }
    if (alarm) {
      long returning = out.stream().filter(MetricQueries.Query::returnData).count();
      if (returning != 1) {
        throw CwErrors.validation(
            "Exactly one element of the metrics list should return" + " data.");
      }
    }
    return out;
  }

  // ---- ListMetrics -------------------------------------------------------------------------

  JsonNode listMetrics(JsonNode in, RequestContext ctx) {
    String namespace = CwInput.text(in, "Namespace", "Namespace");
    String name = CwInput.text(in, "MetricName", "MetricName");
    List<JsonNode> filters = CwInput.list(in, "Dimensions", "Dimensions");
    if (filters.size() > 10) {
      throw CwErrors.invalidParameterValue(
          "The collection Dimensions must not have a size greater than 10.");
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    int i = 1;
    for (JsonNode f : filters) {
      String p = "Dimensions.member." + i++;
      wanted.put(
          CwInput.requiredText(f, "Name", p + ".Name"), CwInput.text(f, "Value", p + ".Value"));
    }
    String recently = CwInput.text(in, "RecentlyActive", "RecentlyActive");
    if (recently != null && !recently.equals("PT3H")) {
      throw CwErrors.enumValue(recently, "recentlyActive", List.of("PT3H"));
    }
    long activeSince = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
    String after = MetricInputs.position(CwInput.text(in, "NextToken", "NextToken"));
    List<MetricSeries> found =
        store.matching(
            id ->
                id.region().equals(ctx.region())
                    && (namespace == null || id.namespace().equals(namespace))
                    && (name == null || id.name().equals(name))
                    && hasDimensions(id, wanted));
    List<MetricId> ids =
        found.stream()
            .filter(s -> recently == null || s.lastPut() >= activeSince)
            .map(MetricSeries::id)
            .sorted(Comparator.comparing(MetricsApi::key))
            .toList();
    List<MetricId> rest =
        after == null ? ids : ids.stream().filter(id -> key(id).compareTo(after) > 0).toList();
    ArrayNode metrics = Json.array();
    rest.stream().limit(LIST_PAGE).forEach(id -> metrics.add(MetricInputs.metricJson(id)));
    ObjectNode out = Json.object();
    out.set("Metrics", metrics);
    if (rest.size() > LIST_PAGE) {
      out.put("NextToken", MetricInputs.token(key(rest.get(LIST_PAGE - 1))));
    }
    return out;
  }

  private static String key(MetricId id) {
    return id.namespace() + "\u0000" + id.name() + "\u0000" + id.dimensions();
  }

  private static boolean hasDimensions(MetricId id, Map<String, String> wanted) {
    for (Map.Entry<String, String> w : wanted.entrySet()) {
      boolean ok =
          id.dimensions().stream()
              .anyMatch(
                  d ->
                      d.name().equals(w.getKey())
                          && (w.getValue() == null || d.value().equals(w.getValue())));
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
