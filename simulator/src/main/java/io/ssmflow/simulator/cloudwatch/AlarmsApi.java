package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.core.TimestampNode;
import io.ssmflow.simulator.sns.Sns;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Metric alarms: PutMetricAlarm, DescribeAlarms(ForMetric), SetAlarmState, DeleteAlarms,
 * Enable/DisableAlarmActions, DescribeAlarmHistory and tagging. The model is {@link AlarmStore},
 * requests are read by {@link AlarmInput}, answers written by {@link AlarmViews}, and evaluation
 * with its SNS actions is {@link AlarmActions}.
 */
final class AlarmsApi {
  private final AlarmStore store = new AlarmStore();
  private final AlarmActions actions;

  AlarmsApi(MetricQueries queries, Sns sns) {
    this.actions = new AlarmActions(store, queries, sns);
  }

  // ---- PutMetricAlarm ----------------------------------------------------------------------

  JsonNode putMetricAlarm(JsonNode in, RequestContext ctx) {
    AlarmConfig config = AlarmInput.config(in, ctx);
    Map<String, String> tags = AlarmInput.tags(in);
    Instant now = Instant.now();
    String key = AlarmStore.key(ctx.region(), config.name());
    boolean[] created = {false};
    Alarm alarm;
    synchronized (store.alarms) {
      alarm = store.alarms.get(key);
      if (alarm == null) {
        if (store.alarms.size() >= AlarmStore.MAX_ALARMS) {
          throw CwErrors.limitExceeded(
              "The maximum allowed number of alarms ("
                  + AlarmStore.MAX_ALARMS
                  + ") has been reached.");
        }
        alarm = new Alarm(config, now);
        store.alarms.put(key, alarm);
        created[0] = true;
      } else {
        alarm.reconfigure(config, now);
      }
    }
    alarm.tag(tags);
    store.record(
        ctx.region(),
        config.name(),
        now,
        "ConfigurationUpdate",
        "Alarm \"" + config.name() + "\" " + (created[0] ? "created" : "updated"),
        AlarmViews.configJson(config).toString());
    actions.evaluate(alarm, now.toEpochMilli());
    return Json.object();
  }

  // ---- DescribeAlarms ----------------------------------------------------------------------

  JsonNode describeAlarms(JsonNode in, RequestContext ctx) {
    List<String> names = CwInput.strings(in, "AlarmNames", "AlarmNames");
    String prefix = CwInput.text(in, "AlarmNamePrefix", "AlarmNamePrefix");
    if (!names.isEmpty() && prefix != null) {
      throw CwErrors.mutuallyExclusive("AlarmNames", "AlarmNamePrefix");
    }
    if (names.size() > 100) {
      throw CwErrors.validation(
          "1 validation error detected: Value at 'alarmNames' failed to"
              + " satisfy constraint: Member must have length less than or equal to 100");
    }
    String state = AlarmInput.stateValue(in, "StateValue", false);
    String actionPrefix = CwInput.text(in, "ActionPrefix", "ActionPrefix");
    List<String> types = CwInput.strings(in, "AlarmTypes", "AlarmTypes");
    for (String t : types) {
      if (!t.equals("MetricAlarm") && !t.equals("CompositeAlarm")) {
        throw CwErrors.enumValue(t, "alarmTypes", List.of("CompositeAlarm", "MetricAlarm"));
      }
    }
    Integer max = CwInput.integer(in, "MaxRecords", "MaxRecords");
    if (max != null && (max < 1 || max > 100)) {
      throw CwErrors.validation(
          "1 validation error detected: Value '"
              + max
              + "' at"
              + " 'maxRecords' failed to satisfy constraint: Member must have value between 1 and"
              + " 100");
    }
    int limit = max == null ? 50 : max;
    String after = MetricInputs.position(CwInput.text(in, "NextToken", "NextToken"));
    boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
    List<Alarm> matched =
        metricAlarms
            ? store.sorted(ctx.region()).stream()
                .filter(a -> names.isEmpty() || names.contains(a.config().name()))
                .filter(a -> prefix == null || a.config().name().startsWith(prefix))
                .filter(a -> state == null || a.state().equals(state))
                .filter(a -> actionPrefix == null || hasActionPrefix(a.config(), actionPrefix))
                .filter(a -> after == null || a.config().name().compareTo(after) > 0)
                .toList()
            : List.of();
    ArrayNode list = Json.array();
    matched.stream().limit(limit).forEach(a -> list.add(AlarmViews.alarmJson(a)));
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
    for (Alarm a : store.sorted(ctx.region())) {
      AlarmConfig c = a.config();
      if (c.isMathAlarm()
          || !c.metric().namespace().equals(namespace)
          || !c.metric().name().equals(name)
          || (!dims.isEmpty() && !c.metric().equals(wanted))
          || (statistic != null && !statistic.equals(c.stat().name()))
          || (extended != null && !extended.equals(c.stat().name()))
          || (period != null && period != c.period())
          || (unit != null && !unit.equals(c.unit()))) {
        continue;
      }
      list.add(AlarmViews.alarmJson(a));
    }
    ObjectNode out = Json.object();
    out.set("MetricAlarms", list);
    return out;
  }

  // ---- SetAlarmState, DeleteAlarms, Enable/DisableAlarmActions -----------------------------

  JsonNode setAlarmState(JsonNode in, RequestContext ctx) {
    String name = CwInput.requiredText(in, "AlarmName", "AlarmName");
    String state = AlarmInput.stateValue(in, "StateValue", true);
    String reason = CwInput.requiredText(in, "StateReason", "StateReason");
    if (reason.length() > 1023) {
      throw CwErrors.validation(
          "1 validation error detected: Value at 'stateReason' failed to"
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
    Alarm alarm = store.alarms.get(AlarmStore.key(ctx.region(), name));
    if (alarm == null) {
      throw CwErrors.resourceNotFound("Alarm " + name + " not found");
    }
    Alarm.Transition t = alarm.forced(state, reason, data, Instant.now());
    actions.afterTransition(t);
    return Json.object();
  }

  JsonNode deleteAlarms(JsonNode in, RequestContext ctx) {
    List<String> names = AlarmInput.alarmNames(in);
    synchronized (store.alarms) {
      List<String> missing =
          names.stream()
              .filter(n -> !store.alarms.containsKey(AlarmStore.key(ctx.region(), n)))
              .toList();
      if (!missing.isEmpty()) {
        // Nothing is deleted when one name is unknown, as in AWS.
        throw CwErrors.resourceNotFound(
            missing.size() + " of the alarms you specified could" + " not be found: " + missing);
      }
      names.forEach(n -> store.alarms.remove(AlarmStore.key(ctx.region(), n)));
    }
    Instant now = Instant.now();
    names.forEach(
        n ->
            store.record(
                ctx.region(),
                n,
                now,
                "ConfigurationUpdate",
                "Alarm \"" + n + "\" deleted",
                "{\"type\":\"Delete\",\"version\":\"1.0\"}"));
    return Json.object();
  }

  JsonNode setActionsEnabled(JsonNode in, RequestContext ctx, boolean enabled) {
    for (String n : AlarmInput.alarmNames(in)) {
      Alarm a = store.alarms.get(AlarmStore.key(ctx.region(), n));
      if (a != null) {
        a.actionsEnabled(enabled);
      }
    }
    return Json.object();
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
      throw CwErrors.validation(
          "1 validation error detected: Value '"
              + max
              + "' at"
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
    List<AlarmHistoryItem> matched =
        store.history().stream()
            .filter(h -> h.region().equals(ctx.region()))
            .filter(h -> name == null || h.alarmName().equals(name))
            .filter(h -> type == null || h.type().equals(type))
            .filter(h -> start == null || !h.at().isBefore(start))
            .filter(h -> end == null || h.at().isBefore(end))
            .sorted(
                ascending
                    ? Comparator.comparing(AlarmHistoryItem::at)
                    : Comparator.comparing(AlarmHistoryItem::at).reversed())
            .toList();
    int limit = max == null ? 100 : max;
    ArrayNode list = Json.array();
    matched.stream()
        .skip(offset)
        .limit(limit)
        .forEach(
            h -> {
              ObjectNode n =
                  list.addObject().put("AlarmName", h.alarmName()).put("AlarmType", "MetricAlarm");
              n.set("Timestamp", TimestampNode.of(h.at()));
              n.put("HistoryItemType", h.type())
                  .put("HistorySummary", h.summary())
                  .put("HistoryData", h.data());
            });
    ObjectNode out = Json.object();
    out.set("AlarmHistoryItems", list);
    if (matched.size() > offset + limit) {
      out.put("NextToken", MetricInputs.token(Integer.toString(offset + limit)));
    }
    return out;
  }

  // ---- tagging -----------------------------------------------------------------------------

  JsonNode tagResource(JsonNode in, RequestContext ctx) {
    Alarm a = store.byArn(in);
    Map<String, String> tags = AlarmInput.tags(in);
    Map<String, String> merged = a.tags();
    merged.putAll(tags);
    if (merged.size() > 50) {
      throw CwErrors.limitExceeded("An alarm can have at most 50 tags.");
    }
    a.tag(tags);
    return Json.object();
  }

  JsonNode untagResource(JsonNode in, RequestContext ctx) {
    Alarm a = store.byArn(in);
    a.untag(CwInput.strings(in, "TagKeys", "TagKeys"));
    return Json.object();
  }

  JsonNode listTagsForResource(JsonNode in, RequestContext ctx) {
    ArrayNode list = Json.array();
    store.byArn(in).tags().forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
    ObjectNode out = Json.object();
    out.set("Tags", list);
    return out;
  }

  // ---- evaluation --------------------------------------------------------------------------

  /** Evaluates every alarm that is due (the scheduler's tick). */
  void evaluateDue(long now) {
    actions.evaluateDue(now);
  }

  /** Evaluates at once the alarms that watch any of {@code metrics} (after PutMetricData). */
  void evaluateFor(Set<MetricId> metrics) {
    actions.evaluateFor(metrics);
  }

  void clear() {
    store.clear();
  }
}
