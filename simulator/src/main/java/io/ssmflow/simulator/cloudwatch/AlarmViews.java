package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.TimestampNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alarm answers: DescribeAlarms items, the SNS message of an action, history data. */
final class AlarmViews {
  private static final Map<String, String> REGION_NAMES =
      Map.ofEntries(
          Map.entry("us-east-1", "US East (N. Virginia)"),
          Map.entry("us-east-2", "US East (Ohio)"),
          Map.entry("us-west-1", "US West (N. California)"),
          Map.entry("us-west-2", "US West (Oregon)"),
          Map.entry("ca-central-1", "Canada (Central)"),
          Map.entry("eu-west-1", "EU (Ireland)"),
          Map.entry("eu-west-2", "EU (London)"),
          Map.entry("eu-west-3", "EU (Paris)"),
          Map.entry("eu-central-1", "EU (Frankfurt)"),
          Map.entry("eu-north-1", "EU (Stockholm)"),
          Map.entry("eu-south-1", "EU (Milan)"),
          Map.entry("ap-south-1", "Asia Pacific (Mumbai)"),
          Map.entry("ap-northeast-1", "Asia Pacific (Tokyo)"),
          Map.entry("ap-northeast-2", "Asia Pacific (Seoul)"),
          Map.entry("ap-southeast-1", "Asia Pacific (Singapore)"),
          Map.entry("ap-southeast-2", "Asia Pacific (Sydney)"),
          Map.entry("sa-east-1", "South America (Sao Paulo)"));

  private AlarmViews() {}

  /** The name CloudWatch gives a region in notifications ("US East (N. Virginia)"). */
  static String regionName(String region) {
    return REGION_NAMES.getOrDefault(region, region);
  }

  /** An alarm as DescribeAlarms answers it. */
  static ObjectNode alarmJson(Alarm a) {
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

  /** The JSON message CloudWatch publishes to an alarm's SNS topics. */
  static ObjectNode notification(Alarm.Transition t, String regionName) {
    AlarmConfig c = t.config();
    ObjectNode m = Json.object().put("AlarmName", c.name());
    if (c.description() != null) {
      m.put("AlarmDescription", c.description());
    } else {
      m.putNull("AlarmDescription");
    }
    String account = c.arn().split(":")[4];
    m.put("AWSAccountId", account)
        .put("AlarmConfigurationUpdatedTimestamp", AlarmEvaluator.DATA_TIME.format(t.at()))
        .put("NewStateValue", t.newState())
        .put("NewStateReason", t.reason())
        .put("StateChangeTime", AlarmEvaluator.DATA_TIME.format(t.at()))
        .put("Region", regionName)
        .put("AlarmArn", c.arn())
        .put("OldStateValue", t.oldState());
    strings(m.putArray("OKActions"), c.okActions());
    strings(m.putArray("AlarmActions"), c.alarmActions());
    strings(m.putArray("InsufficientDataActions"), c.insufficientDataActions());
    ObjectNode trigger = m.putObject("Trigger");
    if (!c.isMathAlarm()) {
      trigger.put("MetricName", c.metric().name()).put("Namespace", c.metric().namespace());
      if (c.stat().isPercentile()) {
        trigger.put("StatisticType", "ExtendedStatistic").put("ExtendedStatistic", c.stat().name());
      } else {
        trigger.put("StatisticType", "Statistic").put("Statistic", c.stat().name().toUpperCase());
      }
      if (c.unit() != null) {
        trigger.put("Unit", c.unit());
      } else {
        trigger.putNull("Unit");
      }
      ArrayNode dims = trigger.putArray("Dimensions");
      c.metric()
          .dimensions()
          .forEach(d -> dims.addObject().put("value", d.value()).put("name", d.name()));
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
          q.metric()
              .dimensions()
              .forEach(d -> dims.addObject().put("value", d.value()).put("name", d.name()));
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
    trigger
        .put("ComparisonOperator", c.comparisonOperator())
        .put("Threshold", c.threshold())
        .put("TreatMissingData", c.treatMissingDataOrDefault())
        .put(
            "EvaluateLowSampleCountPercentile",
            c.evaluateLowSampleCountPercentile() == null
                ? ""
                : c.evaluateLowSampleCountPercentile());
    return m;
  }

  /** The HistoryData of a ConfigurationUpdate item. */
  static ObjectNode configJson(AlarmConfig c) {
    ObjectNode n = Json.object().put("type", "Create").put("version", "1.0");
    ObjectNode d =
        n.putObject("createdAlarm")
            .put("alarmName", c.name())
            .put("evaluationPeriods", c.evaluationPeriods())
            .put("threshold", c.threshold())
            .put("comparisonOperator", c.comparisonOperator())
            .put("period", c.period())
            .put("actionsEnabled", c.actionsEnabled());
    if (!c.isMathAlarm()) {
      d.put("metricName", c.metric().name())
          .put("namespace", c.metric().namespace())
          .put("statistic", c.stat().name());
    }
    return n;
  }
}
