package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.core.TimestampNode;
import io.ssmflow.simulator.sns.Sns;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metric alarms: PutMetricAlarm, DescribeAlarms(ForMetric), SetAlarmState, DeleteAlarms,
 * Enable/DisableAlarmActions, DescribeAlarmHistory and tagging; plus their evaluation and the
 * SNS notifications of their actions.
 */
final class AlarmsApi {
  private static final Logger log = LoggerFactory.getLogger(AlarmsApi.class);
  static final int MAX_ALARMS = 5000;
  static final int MAX_HISTORY = 10_000;
  static final List<String> STATES = List.of("OK", "ALARM", "INSUFFICIENT_DATA");
  static final List<String> OPERATORS = List.of("GreaterThanOrEqualToThreshold",
      "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold",
      "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
      "GreaterThanUpperThreshold");
  static final List<String> TREAT_MISSING = List.of("missing", "ignore", "breaching",
      "notBreaching");
  private static final Pattern ARN = Pattern.compile("^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$");
  private static final Map<String, String> REGION_NAMES = Map.ofEntries(
      Map.entry("us-east-1", "US East (N. Virginia)"), Map.entry("us-east-2", "US East (Ohio)"),
      Map.entry("us-west-1", "US West (N. California)"),
      Map.entry("us-west-2", "US West (Oregon)"), Map.entry("ca-central-1", "Canada (Central)"),
      Map.entry("eu-west-1", "EU (Ireland)"), Map.entry("eu-west-2", "EU (London)"),
      Map.entry("eu-west-3", "EU (Paris)"), Map.entry("eu-central-1", "EU (Frankfurt)"),
      Map.entry("eu-north-1", "EU (Stockholm)"), Map.entry("eu-south-1", "EU (Milan)"),
      Map.entry("ap-south-1", "Asia Pacific (Mumbai)"),
      Map.entry("ap-northeast-1", "Asia Pacific (Tokyo)"),
      Map.entry("ap-northeast-2", "Asia Pacific (Seoul)"),
      Map.entry("ap-southeast-1", "Asia Pacific (Singapore)"),
      Map.entry("ap-southeast-2", "Asia Pacific (Sydney)"),
      Map.entry("sa-east-1", "South America (Sao Paulo)"));

  /** One DescribeAlarmHistory item. */
  private record HistoryItem(String region, String alarmName, Instant at, String type,
      String summary, String data) {}

  private final Map<String, Alarm> alarms = new ConcurrentHashMap<>();
  private final Deque<HistoryItem> history = new ArrayDeque<>();
  private final AlarmEvaluator evaluator;
  private final Sns sns;

  AlarmsApi(MetricQueries queries, Sns sns) {
    this.evaluator = new AlarmEvaluator(queries);
    this.sns = sns;
  }

  private static String key(String region, String name) {
    return region + "/" + name;
  }

  // ---- PutMetricAlarm ----------------------------------------------------------------------

  JsonNode putMetricAlarm(JsonNode in, RequestContext ctx) {
    AlarmConfig config = parseConfig(in, ctx);
    Map<String, String> tags = tags(in);
    Instant now = Instant.now();
    String key = key(ctx.region(), config.name());
    boolean[] created = {false};
    Alarm alarm;
    synchronized (alarms) {
      alarm = alarms.get(key);
      if (alarm == null) {
        if (alarms.size() >= MAX_ALARMS) {
          throw CwErrors.limitExceeded("The maximum allowed number of alarms (" + MAX_ALARMS
              + ") has been reached.");
        }
        alarm = new Alarm(config, now);
        alarms.put(key, alarm);
        created[0] = true;
      } else {
        alarm.reconfigure(config, now);
      }
    }
    alarm.tag(tags);
    record(ctx.region(), config.name(), now, "ConfigurationUpdate", "Alarm \"" + config.name()
        + "\" " + (created[0] ? "created" : "updated"), configJson(config).toString());
    evaluate(alarm, now.toEpochMilli());
    return Json.object();
  }

  private AlarmConfig parseConfig(JsonNode in, RequestContext ctx) {
    String name = CwInput.requiredText(in, "AlarmName", "AlarmName");
    if (name.isEmpty() || name.length() > 255) {
      throw CwErrors.validation("1 validation error detected: Value '" + name + "' at"
          + " 'alarmName' failed to satisfy constraint: Member must have length between 1"
          + " and 255");
    }
    String description = CwInput.text(in, "AlarmDescription", "AlarmDescription");
    if (description != null && description.length() > 1024) {
      throw CwErrors.validation("1 validation error detected: Value at 'alarmDescription'"
          + " failed to satisfy constraint: Member must have length less than or equal to 1024");
    }
    Integer evaluationPeriods = CwInput.integer(in, "EvaluationPeriods", "EvaluationPeriods");
    if (evaluationPeriods == null) {
      throw CwErrors.missingParameter("EvaluationPeriods");
    }
    if (evaluationPeriods < 1) {
      throw CwErrors.validation("1 validation error detected: Value '" + evaluationPeriods
          + "' at 'evaluationPeriods' failed to satisfy constraint: Member must have value"
          + " greater than or equal to 1");
    }
    Integer datapointsToAlarm = CwInput.integer(in, "DatapointsToAlarm", "DatapointsToAlarm");
    if (datapointsToAlarm != null && (datapointsToAlarm < 1
        || datapointsToAlarm > evaluationPeriods)) {
      throw CwErrors.validation("DatapointsToAlarm must be between 1 and EvaluationPeriods ("
          + evaluationPeriods + ").");
    }
    String operator = CwInput.requiredText(in, "ComparisonOperator", "ComparisonOperator");
    if (!OPERATORS.contains(operator)) {
      throw CwErrors.enumValue(operator, "comparisonOperator", OPERATORS);
    }
    if (OPERATORS.indexOf(operator) >= 4 || CwInput.has(in, "ThresholdMetricId")) {
      throw CwErrors.invalidParameterValue("The simulator does not support anomaly detection"
          + " alarms (ThresholdMetricId, " + operator + ").");
    }
    Double threshold = CwInput.number(in, "Threshold", "Threshold");
    if (threshold == null) {
      throw CwErrors.missingParameter("Threshold");
    }
    String treat = CwInput.text(in, "TreatMissingData", "TreatMissingData");
    if (treat != null && !TREAT_MISSING.contains(treat)) {
      throw CwErrors.validation("Option " + treat + " is not supported. Supported options for"
          + " parameter TreatMissingData are missing, ignore, breaching and notBreaching.");
    }
    String lowSample = CwInput.text(in, "EvaluateLowSampleCountPercentile",
        "EvaluateLowSampleCountPercentile");
    if (lowSample != null && !lowSample.isEmpty() && !lowSample.equals("evaluate")
        && !lowSample.equals("ignore")) {
      throw CwErrors.validation("Option " + lowSample + " is not supported. Supported options"
          + " for parameter EvaluateLowSampleCountPercentile are evaluate and ignore.");
    }
    Boolean actionsEnabled = CwInput.bool(in, "ActionsEnabled", "ActionsEnabled");
    List<String> ok = actions(in, "OKActions");
    List<String> alarm = actions(in, "AlarmActions");
    List<String> insufficient = actions(in, "InsufficientDataActions");
    String arn = "arn:aws:cloudwatch:" + ctx.region() + ":" + ctx.accountId() + ":alarm:"
        + name;

    List<JsonNode> metricsRaw = CwInput.list(in, "Metrics", "Metrics");
    if (!metricsRaw.isEmpty()) {
      for (String single : List.of("MetricName", "Namespace", "Statistic", "ExtendedStatistic",
          "Dimensions", "Period", "Unit")) {
        if (CwInput.has(in, single)) {
          throw CwErrors.mutuallyExclusive(single, "Metrics");
        }
      }
      if (metricsRaw.size() > 10) {
        throw CwErrors.validation("1 validation error detected: Value at 'metrics' failed to"
            + " satisfy constraint: Member must have length less than or equal to 10");
      }
      List<MetricQueries.Query> queries = MetricsApi.parseQueries(metricsRaw, ctx.region(),
          "Metrics", true);
      MetricQueries.Query returning = queries.stream().filter(MetricQueries.Query::returnData)
          .findFirst().orElseThrow();
      Integer period = returning.period();
      if (period == null) {
        period = queries.stream().filter(q -> !q.isExpression()).map(MetricQueries.Query::period)
            .findFirst().orElse(null);
      }
      if (period == null) {
        throw CwErrors.missingParameter("Metrics.member.N.MetricStat.Period");
      }
      alarmPeriod(period, evaluationPeriods, "Metrics.member.N.MetricStat.Period");
      return new AlarmConfig(name, arn, ctx.region(), description, actionsEnabled == null
          || actionsEnabled, ok, alarm, insufficient, null, null, period, null, evaluationPeriods,
          datapointsToAlarm, threshold, operator, treat, lowSample, queries);
    }

    String namespace = MetricInputs.namespace(in, "Namespace");
    String metricName = MetricInputs.metricName(in, "MetricName");
    List<Dimension> dims = MetricInputs.dimensions(in, "Dimensions", "Dimensions");
    String statistic = CwInput.text(in, "Statistic", "Statistic");
    String extended = CwInput.text(in, "ExtendedStatistic", "ExtendedStatistic");
    if (statistic != null && extended != null) {
      throw CwErrors.mutuallyExclusive("Statistic", "ExtendedStatistic");
    }
    if (statistic == null && extended == null) {
      throw CwErrors.missingParameter("Statistic or ExtendedStatistic");
    }
    Stat stat;
    if (statistic != null) {
      if (!Stat.isNamed(statistic)) {
        throw CwErrors.enumValue(statistic, "statistic", Stat.NAMED);
      }
      stat = Stat.parse(statistic);
    } else {
      stat = Stat.percentile(extended);
      if (stat == null) {
        throw CwErrors.invalidParameterValue("The value " + extended
            + " for parameter ExtendedStatistic is not supported.");
      }
    }
    if (lowSample != null && !lowSample.isEmpty() && !stat.isPercentile()) {
      throw CwErrors.invalidParameterCombination("EvaluateLowSampleCountPercentile can only be"
          + " used with an ExtendedStatistic percentile.");
    }
    Integer period = CwInput.integer(in, "Period", "Period");
    if (period == null) {
      throw CwErrors.missingParameter("Period");
    }
    alarmPeriod(period, evaluationPeriods, "Period");
    String unit = MetricInputs.unit(in, "Unit", "Unit");
    return new AlarmConfig(name, arn, ctx.region(), description, actionsEnabled == null
        || actionsEnabled, ok, alarm, insufficient, new MetricId(ctx.region(), namespace,
        metricName, dims), stat, period, unit, evaluationPeriods, datapointsToAlarm, threshold,
        operator, treat, lowSample, List.of());
  }

  /** Alarm periods: 10, 20, 30 or a multiple of 60; at most a day (a week above an hour). */
  private static void alarmPeriod(int period, int evaluationPeriods, String path) {
    if (period < 1) {
      throw CwErrors.invalidParameterValue("The parameter " + path
          + " must be greater than 0.");
    }
    if (period < 60 ? !List.of(10, 20, 30).contains(period) : period % 60 != 0) {
      throw CwErrors.invalidParameterValue("The parameter " + path + " must be 10, 20, 30 or"
          + " a multiple of 60.");
    }
    long total = (long) period * evaluationPeriods;
    long limit = period >= 3600 ? 7 * 86_400 : 86_400;
    if (total > limit) {
      throw CwErrors.invalidParameterValue("The evaluation period (EvaluationPeriods x Period ="
          + " " + total + " seconds) must not be longer than " + limit + " seconds.");
    }
  }

  private static List<String> actions(JsonNode in, String member) {
    List<String> arns = CwInput.strings(in, member, member);
    if (arns.size() > 5) {
      throw CwErrors.validation("1 validation error detected: Value '" + arns + "' at '"
          + Character.toLowerCase(member.charAt(0)) + member.substring(1) + "' failed to"
          + " satisfy constraint: Member must have length less than or equal to 5");
    }
    for (String arn : arns) {
      if (!ARN.matcher(arn).matches()) {
        throw CwErrors.validation("Invalid arn syntax: " + arn);
      }
    }
    return arns;
  }

  private static Map<String, String> tags(JsonNode in) {
    Map<String, String> tags = new LinkedHashMap<>();
    int i = 1;
    for (JsonNode t : CwInput.list(in, "Tags", "Tags")) {
      String p = "Tags.member." + i++;
      String k = CwInput.requiredText(t, "Key", p + ".Key");
      String v = CwInput.requiredText(t, "Value", p + ".Value");
      if (k.isEmpty() || k.length() > 128 || v.length() > 256) {
        throw CwErrors.invalidValue(k, p);
      }
      tags.put(k, v);
    }
    if (tags.size() > 50) {
      throw CwErrors.limitExceeded("An alarm can have at most 50 tags.");
    }
    return tags;
  }

  // ---- DescribeAlarms ----------------------------------------------------------------------

  JsonNode describeAlarms(JsonNode in, RequestContext ctx) {
    List<String> names = CwInput.strings(in, "AlarmNames", "AlarmNames");
    String prefix = CwInput.text(in, "AlarmNamePrefix", "AlarmNamePrefix");
    if (!names.isEmpty() && prefix != null) {
      throw CwErrors.mutuallyExclusive("AlarmNames", "AlarmNamePrefix");
    }
    if (names.size() > 100) {
      throw CwErrors.validation("1 validation error detected: Value at 'alarmNames' failed to"
          + " satisfy constraint: Member must have length less than or equal to 100");
    }
    String state = stateValue(in, "StateValue", false);
    String actionPrefix = CwInput.text(in, "ActionPrefix", "ActionPrefix");
    List<String> types = CwInput.strings(in, "AlarmTypes", "AlarmTypes");
    for (String t : types) {
      if (!t.equals("MetricAlarm") && !t.equals("CompositeAlarm")) {
        throw CwErrors.enumValue(t, "alarmTypes", List.of("CompositeAlarm", "MetricAlarm"));
      }
    }
    Integer max = CwInput.integer(in, "MaxRecords", "MaxRecords");
    if (max != null && (max < 1 || max > 100)) {
      throw CwErrors.validation("1 validation error detected: Value '" + max + "' at"
          + " 'maxRecords' failed to satisfy constraint: Member must have value between 1 and"
          + " 100");
    }
    int limit = max == null ? 50 : max;
    String after = MetricInputs.position(CwInput.text(in, "NextToken", "NextToken"));
    boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
    List<Alarm> matched = metricAlarms ? sorted(ctx.region()).stream()
        .filter(a -> names.isEmpty() || names.contains(a.config().name()))
        .filter(a -> prefix == null || a.config().name().startsWith(prefix))
        .filter(a -> state == null || a.state().equals(state))
        .filter(a -> actionPrefix == null || hasActionPrefix(a.config(), actionPrefix))
        .filter(a -> after == null || a.config().name().compareTo(after) > 0)
        .toList() : List.of();
    ArrayNode list = Json.array();
    matched.stream().limit(limit).forEach(a -> list.add(alarmJson(a)));
    ObjectNode out = Json.object();
    out.set("MetricAlarms", list);
    out.putArray("CompositeAlarms");
    if (matched.size() > limit) {
      out.put("NextToken", MetricInputs.token(matched.get(limit - 1).config().name()));
    }
    return out;
  }

  private static boolean hasActionPrefix(AlarmConfig c, String prefix) {
    return c.alarmActions().stream().anyMatch(a -> a.startsWith(prefix))
        || c.okActions().stream().anyMatch(a -> a.startsWith(prefix))
        || c.insufficientDataActions().stream().anyMatch(a -> a.startsWith(prefix));
  }

  JsonNode describeAlarmsForMetric(JsonNode in, RequestContext ctx) {
    String namespace = MetricInputs.namespace(in, "Namespace");
    String name = MetricInputs.metricName(in, "MetricName");
    List<Dimension> dims = MetricInputs.dimensions(in, "Dimensions", "Dimensions");
    String statistic = CwInput.text(in, "Statistic", "Statistic");
    if (statistic != null && !Stat.isNamed(statistic)) {
      throw CwErrors.enumValue(statistic, "statistic", Stat.NAMED);
    }
    String extended = CwInput.text(in, "ExtendedStatistic", "ExtendedStatistic");
    Integer period = CwInput.integer(in, "Period", "Period");
    String unit = MetricInputs.unit(in, "Unit", "Unit");
    MetricId wanted = new MetricId(ctx.region(), namespace, name, dims);
    ArrayNode list = Json.array();
    for (Alarm a : sorted(ctx.region())) {
      AlarmConfig c = a.config();
      if (c.isMathAlarm() || !c.metric().namespace().equals(namespace)
          || !c.metric().name().equals(name)
          || (!dims.isEmpty() && !c.metric().equals(wanted))
          || (statistic != null && !statistic.equals(c.stat().name()))
          || (extended != null && !extended.equals(c.stat().name()))
          || (period != null && period != c.period())
          || (unit != null && !unit.equals(c.unit()))) {
        continue;
      }
      list.add(alarmJson(a));
    }
    ObjectNode out = Json.object();
    out.set("MetricAlarms", list);
    return out;
  }

  private List<Alarm> sorted(String region) {
    return alarms.values().stream().filter(a -> a.config().region().equals(region))
        .sorted(Comparator.comparing(a -> a.config().name())).toList();
  }

  private static ObjectNode alarmJson(Alarm a) {
    AlarmConfig c;
    String state;
    String reason;
    String reasonData;
    Instant updated;
    Instant transitioned;
    Instant configured;
    synchronized (a) {
      c = a.config();
      state = a.state();
      reason = a.reason();
      reasonData = a.reasonData();
      updated = a.stateUpdated();
      transitioned = a.stateTransitioned();
      configured = a.configUpdated();
    }
    ObjectNode n = Json.object().put("AlarmName", c.name()).put("AlarmArn", c.arn());
    if (c.description() != null) {
      n.put("AlarmDescription", c.description());
    }
    n.set("AlarmConfigurationUpdatedTimestamp", TimestampNode.of(configured));
    n.put("ActionsEnabled", c.actionsEnabled());
    strings(n.putArray("OKActions"), c.okActions());
    strings(n.putArray("AlarmActions"), c.alarmActions());
    strings(n.putArray("InsufficientDataActions"), c.insufficientDataActions());
    n.put("StateValue", state).put("StateReason", reason);
    if (reasonData != null) {
      n.put("StateReasonData", reasonData);
    }
    n.set("StateUpdatedTimestamp", TimestampNode.of(updated));
    if (!c.isMathAlarm()) {
      n.put("MetricName", c.metric().name()).put("Namespace", c.metric().namespace());
      n.put(c.stat().isPercentile() ? "ExtendedStatistic" : "Statistic", c.stat().name());
      n.set("Dimensions", MetricInputs.dimensionsJson(c.metric().dimensions()));
      n.put("Period", c.period());
      if (c.unit() != null) {
        n.put("Unit", c.unit());
      }
    } else {
      n.putArray("Dimensions");
    }
    n.put("EvaluationPeriods", c.evaluationPeriods());
    if (c.datapointsToAlarm() != null) {
      n.put("DatapointsToAlarm", c.datapointsToAlarm());
    }
    n.put("Threshold", c.threshold()).put("ComparisonOperator", c.comparisonOperator());
    if (c.treatMissingData() != null) {
      n.put("TreatMissingData", c.treatMissingData());
    }
    if (c.evaluateLowSampleCountPercentile() != null) {
      n.put("EvaluateLowSampleCountPercentile", c.evaluateLowSampleCountPercentile());
    }
    if (c.isMathAlarm()) {
      n.set("Metrics", metricsJson(c.metrics()));
    }
    n.set("StateTransitionedTimestamp", TimestampNode.of(transitioned));
    return n;
  }

  /** A metric-math alarm's Metrics as DescribeAlarms answers them. */
  private static ArrayNode metricsJson(List<MetricQueries.Query> queries) {
    ArrayNode out = Json.array();
    for (MetricQueries.Query q : queries) {
      ObjectNode n = out.addObject().put("Id", q.id());
      if (q.isExpression()) {
        n.put("Expression", q.expression());
      } else {
        ObjectNode stat = n.putObject("MetricStat");
        stat.set("Metric", MetricInputs.metricJson(q.metric()));
        stat.put("Period", q.period()).put("Stat", q.stat().name());
        if (q.unit() != null) {
          stat.put("Unit", q.unit());
        }
      }
      if (q.label() != null) {
        n.put("Label", q.label());
      }
      n.put("ReturnData", q.returnData());
      if (q.isExpression() && q.period() != null) {
        n.put("Period", q.period());
      }
    }
    return out;
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  // ---- SetAlarmState, DeleteAlarms, Enable/DisableAlarmActions -----------------------------

  JsonNode setAlarmState(JsonNode in, RequestContext ctx) {
    String name = CwInput.requiredText(in, "AlarmName", "AlarmName");
    String state = stateValue(in, "StateValue", true);
    String reason = CwInput.requiredText(in, "StateReason", "StateReason");
    if (reason.length() > 1023) {
      throw CwErrors.validation("1 validation error detected: Value at 'stateReason' failed to"
          + " satisfy constraint: Member must have length less than or equal to 1023");
    }
    String data = CwInput.text(in, "StateReasonData", "StateReasonData");
    if (data != null) {
      try {
        JsonNode parsed = Json.MAPPER.readTree(data);
        if (parsed == null || !parsed.isObject()) {
          throw CwErrors.invalidFormat("StateReasonData must be a JSON object.");
        }
      } catch (IOException e) {
        throw CwErrors.invalidFormat("StateReasonData is not valid JSON.");
      }
    }
    Alarm alarm = alarms.get(key(ctx.region(), name));
    if (alarm == null) {
      throw CwErrors.resourceNotFound("Alarm " + name + " not found");
    }
    Alarm.Transition t = alarm.forced(state, reason, data, Instant.now());
    afterTransition(t);
    return Json.object();
  }

  JsonNode deleteAlarms(JsonNode in, RequestContext ctx) {
    List<String> names = alarmNames(in);
    synchronized (alarms) {
      List<String> missing = names.stream()
          .filter(n -> !alarms.containsKey(key(ctx.region(), n))).toList();
      if (!missing.isEmpty()) {
        // Nothing is deleted when one name is unknown, as in AWS.
        throw CwErrors.resourceNotFound(missing.size() + " of the alarms you specified could"
            + " not be found: " + missing);
      }
      names.forEach(n -> alarms.remove(key(ctx.region(), n)));
    }
    Instant now = Instant.now();
    names.forEach(n -> record(ctx.region(), n, now, "ConfigurationUpdate",
        "Alarm \"" + n + "\" deleted", "{\"type\":\"Delete\",\"version\":\"1.0\"}"));
    return Json.object();
  }

  JsonNode setActionsEnabled(JsonNode in, RequestContext ctx, boolean enabled) {
    for (String n : alarmNames(in)) {
      Alarm a = alarms.get(key(ctx.region(), n));
      if (a != null) {
        a.actionsEnabled(enabled);
      }
    }
    return Json.object();
  }

  private static List<String> alarmNames(JsonNode in) {
    if (!CwInput.has(in, "AlarmNames")) {
      throw CwErrors.missingParameter("AlarmNames");
    }
    List<String> names = CwInput.strings(in, "AlarmNames", "AlarmNames");
    if (names.size() > 100) {
      throw CwErrors.validation("1 validation error detected: Value at 'alarmNames' failed to"
          + " satisfy constraint: Member must have length less than or equal to 100");
    }
    return names;
  }

  private static String stateValue(JsonNode in, String member, boolean required) {
    String s = required ? CwInput.requiredText(in, member, member)
        : CwInput.text(in, member, member);
    if (s != null && !STATES.contains(s)) {
      throw CwErrors.enumValue(s, "stateValue", List.of("INSUFFICIENT_DATA", "ALARM", "OK"));
    }
    return s;
  }

  // ---- DescribeAlarmHistory ----------------------------------------------------------------

  JsonNode describeAlarmHistory(JsonNode in, RequestContext ctx) {
    String name = CwInput.text(in, "AlarmName", "AlarmName");
    String type = CwInput.text(in, "HistoryItemType", "HistoryItemType");
    List<String> itemTypes = List.of("ConfigurationUpdate", "StateUpdate", "Action");
    if (type != null && !itemTypes.contains(type)) {
      throw CwErrors.enumValue(type, "historyItemType", itemTypes);
    }
    Instant start = CwInput.timestamp(in, "StartDate", "StartDate");
    Instant end = CwInput.timestamp(in, "EndDate", "EndDate");
    Integer max = CwInput.integer(in, "MaxRecords", "MaxRecords");
    if (max != null && (max < 1 || max > 100)) {
      throw CwErrors.validation("1 validation error detected: Value '" + max + "' at"
          + " 'maxRecords' failed to satisfy constraint: Member must have value between 1 and"
          + " 100");
    }
    boolean ascending = "TimestampAscending".equals(CwInput.text(in, "ScanBy", "ScanBy"));
    String position = MetricInputs.position(CwInput.text(in, "NextToken", "NextToken"));
    int offset;
    try {
      offset = position == null ? 0 : Integer.parseInt(position);
    } catch (NumberFormatException e) {
      throw CwErrors.invalidNextToken();
    }
    List<HistoryItem> items;
    synchronized (history) {
      items = new ArrayList<>(history);
    }
    List<HistoryItem> matched = items.stream()
        .filter(h -> h.region().equals(ctx.region()))
        .filter(h -> name == null || h.alarmName().equals(name))
        .filter(h -> type == null || h.type().equals(type))
        .filter(h -> start == null || !h.at().isBefore(start))
        .filter(h -> end == null || h.at().isBefore(end))
        .sorted(ascending ? Comparator.comparing(HistoryItem::at)
            : Comparator.comparing(HistoryItem::at).reversed())
        .toList();
    int limit = max == null ? 100 : max;
    ArrayNode list = Json.array();
    matched.stream().skip(offset).limit(limit).forEach(h -> {
      ObjectNode n = list.addObject().put("AlarmName", h.alarmName())
          .put("AlarmType", "MetricAlarm");
      n.set("Timestamp", TimestampNode.of(h.at()));
      n.put("HistoryItemType", h.type()).put("HistorySummary", h.summary())
          .put("HistoryData", h.data());
    });
    ObjectNode out = Json.object();
    out.set("AlarmHistoryItems", list);
    if (matched.size() > offset + limit) {
      out.put("NextToken", MetricInputs.token(Integer.toString(offset + limit)));
    }
    return out;
  }

  private void record(String region, String alarm, Instant at, String type, String summary,
      String data) {
    synchronized (history) {
      history.addLast(new HistoryItem(region, alarm, at, type, summary, data));
      while (history.size() > MAX_HISTORY) {
        history.removeFirst();
      }
    }
  }

  // ---- tagging -----------------------------------------------------------------------------

  private Alarm byArn(JsonNode in) {
    String arn = CwInput.requiredText(in, "ResourceARN", "ResourceARN");
    return alarms.values().stream().filter(a -> a.config().arn().equals(arn)).findFirst()
        .orElseThrow(() -> CwErrors.resourceNotFoundException("Unknown resource " + arn));
  }

  JsonNode tagResource(JsonNode in, RequestContext ctx) {
    Alarm a = byArn(in);
    Map<String, String> tags = tags(in);
    Map<String, String> merged = a.tags();
    merged.putAll(tags);
    if (merged.size() > 50) {
      throw CwErrors.limitExceeded("An alarm can have at most 50 tags.");
    }
    a.tag(tags);
    return Json.object();
  }

  JsonNode untagResource(JsonNode in, RequestContext ctx) {
    Alarm a = byArn(in);
    a.untag(CwInput.strings(in, "TagKeys", "TagKeys"));
    return Json.object();
  }

  JsonNode listTagsForResource(JsonNode in, RequestContext ctx) {
    ArrayNode list = Json.array();
    byArn(in).tags().forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
    ObjectNode out = Json.object();
    out.set("Tags", list);
    return out;
  }

  // ---- evaluation and actions --------------------------------------------------------------

  /** Evaluates every alarm that is due (the scheduler's tick). */
  void evaluateDue(long now) {
    for (Alarm a : alarms.values()) {
      if (a.due(now)) {
        evaluate(a, now);
      }
    }
  }

  /** Evaluates at once the alarms that watch any of {@code metrics} (after PutMetricData). */
  void evaluateFor(Set<MetricId> metrics) {
    long now = System.currentTimeMillis();
    for (Alarm a : alarms.values()) {
      AlarmConfig c = a.config();
      boolean watches = c.isMathAlarm()
          ? c.metrics().stream().anyMatch(q -> q.metric() != null && metrics.contains(q.metric()))
          : metrics.contains(c.metric());
      if (watches) {
        evaluate(a, now);
      }
    }
  }

  private void evaluate(Alarm alarm, long now) {
    Alarm.Transition t;
    try {
      AlarmEvaluator.Outcome o;
      synchronized (alarm) {
        o = evaluator.evaluate(alarm.config(), alarm.state(), now);
        alarm.evaluatedAt(now);
        t = alarm.evaluated(o.state(), o.reason(), o.reasonData(), Instant.ofEpochMilli(now));
      }
    } catch (AwsException | IllegalStateException e) {
      log.warn("alarm {} cannot be evaluated: {}", alarm.config().name(), e.getMessage());
      return;
    }
    if (t != null) {
      afterTransition(t);
    }
  }

  private void afterTransition(Alarm.Transition t) {
    AlarmConfig c = t.config();
    ObjectNode data = Json.object().put("version", "1.0");
    data.putObject("oldState").put("stateValue", t.oldState()).put("stateReason",
        t.oldReason());
    ObjectNode newState = data.putObject("newState").put("stateValue", t.newState())
        .put("stateReason", t.reason());
    if (t.reasonData() != null) {
      try {
        newState.set("stateReasonData", Json.MAPPER.readTree(t.reasonData()));
      } catch (IOException e) {
        newState.put("stateReasonData", t.reasonData());
      }
    }
    record(c.region(), c.name(), t.at(), "StateUpdate", "Alarm updated from " + t.oldState()
        + " to " + t.newState(), data.toString());
    if (!t.changed() || !c.actionsEnabled()) {
      return;
    }
    List<String> actions = c.actionsFor(t.newState());
    if (actions.isEmpty()) {
      return;
    }
    String region = REGION_NAMES.getOrDefault(c.region(), c.region());
    String subject = t.newState() + ": \"" + c.name() + "\" in " + region;
    if (subject.length() > 100) {
      subject = subject.substring(0, 100);
    }
    String message = notification(t, region).toString();
    for (String arn : actions) {
      String[] parts = arn.split(":", 6);
      if (parts.length == 6 && parts[2].equals("sns")) {
        try {
          String id = sns.publish(arn, subject, message);
          record(c.region(), c.name(), Instant.now(), "Action", "Successfully executed action "
              + arn, Json.object().put("actionState", "Succeeded")
              .put("notificationResource", arn).put("stateUpdateTimestamp",
                  t.at().toEpochMilli()).put("publishedMessage", id).toString());
        } catch (AwsException e) {
          record(c.region(), c.name(), Instant.now(), "Action", "Failed to execute action "
              + arn, Json.object().put("actionState", "Failed")
              .put("notificationResource", arn).put("error", e.getMessage()).toString());
        }
      } else {
        record(c.region(), c.name(), Instant.now(), "Action", "Action " + arn
            + " was not executed: the simulator only executes SNS actions",
            Json.object().put("actionState", "Skipped").put("notificationResource", arn)
                .toString());
      }
    }
  }

  /** The JSON message CloudWatch publishes to an alarm's SNS topics. */
  private static ObjectNode notification(Alarm.Transition t, String regionName) {
    AlarmConfig c = t.config();
    ObjectNode m = Json.object().put("AlarmName", c.name());
    if (c.description() != null) {
      m.put("AlarmDescription", c.description());
    } else {
      m.putNull("AlarmDescription");
    }
    String account = c.arn().split(":")[4];
    m.put("AWSAccountId", account)
        .put("AlarmConfigurationUpdatedTimestamp",
            AlarmEvaluator.DATA_TIME.format(t.at()))
        .put("NewStateValue", t.newState()).put("NewStateReason", t.reason())
        .put("StateChangeTime", AlarmEvaluator.DATA_TIME.format(t.at()))
        .put("Region", regionName).put("AlarmArn", c.arn()).put("OldStateValue", t.oldState());
    strings(m.putArray("OKActions"), c.okActions());
    strings(m.putArray("AlarmActions"), c.alarmActions());
    strings(m.putArray("InsufficientDataActions"), c.insufficientDataActions());
    ObjectNode trigger = m.putObject("Trigger");
    if (!c.isMathAlarm()) {
      trigger.put("MetricName", c.metric().name()).put("Namespace", c.metric().namespace());
      if (c.stat().isPercentile()) {
        trigger.put("StatisticType", "ExtendedStatistic")
            .put("ExtendedStatistic", c.stat().name());
      } else {
        trigger.put("StatisticType", "Statistic")
            .put("Statistic", c.stat().name().toUpperCase());
      }
      if (c.unit() != null) {
        trigger.put("Unit", c.unit());
      } else {
        trigger.putNull("Unit");
      }
      ArrayNode dims = trigger.putArray("Dimensions");
      c.metric().dimensions().forEach(d -> dims.addObject().put("value", d.value())
          .put("name", d.name()));
    } else {
      ArrayNode metrics = trigger.putArray("Metrics");
      for (MetricQueries.Query q : c.metrics()) {
        ObjectNode x = metrics.addObject().put("id", q.id());
        if (q.isExpression()) {
          x.put("expression", q.expression());
        } else {
          ObjectNode ms = x.putObject("metricStat");
          ObjectNode metric = ms.putObject("metric");
          ArrayNode dims = metric.putArray("dimensions");
          q.metric().dimensions().forEach(d -> dims.addObject().put("value", d.value())
              .put("name", d.name()));
          metric.put("metricName", q.metric().name()).put("namespace", q.metric().namespace());
          ms.put("period", q.period()).put("stat", q.stat().name());
        }
        if (q.label() != null) {
          x.put("label", q.label());
        }
        x.put("returnData", q.returnData());
      }
    }
    trigger.put("Period", c.period()).put("EvaluationPeriods", c.evaluationPeriods());
    if (c.datapointsToAlarm() != null) {
      trigger.put("DatapointsToAlarm", c.datapointsToAlarm());
    }
    trigger.put("ComparisonOperator", c.comparisonOperator()).put("Threshold", c.threshold())
        .put("TreatMissingData", c.treatMissingDataOrDefault())
        .put("EvaluateLowSampleCountPercentile", c.evaluateLowSampleCountPercentile() == null
            ? "" : c.evaluateLowSampleCountPercentile());
    return m;
  }

  private static ObjectNode configJson(AlarmConfig c) {
    ObjectNode n = Json.object().put("type", "Create").put("version", "1.0");
    ObjectNode d = n.putObject("createdAlarm").put("alarmName", c.name())
        .put("evaluationPeriods", c.evaluationPeriods()).put("threshold", c.threshold())
        .put("comparisonOperator", c.comparisonOperator()).put("period", c.period())
        .put("actionsEnabled", c.actionsEnabled());
    if (!c.isMathAlarm()) {
      d.put("metricName", c.metric().name()).put("namespace", c.metric().namespace())
          .put("statistic", c.stat().name());
    }
    return n;
  }

  void clear() {
    synchronized (alarms) {
      alarms.clear();
    }
    synchronized (history) {
      history.clear();
    }
  }
}
