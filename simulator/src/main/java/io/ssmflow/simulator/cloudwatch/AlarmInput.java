package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.core.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading and validating the members of the alarm operations. */
final class AlarmInput {
  static final List<String> STATES = List.of("OK", "ALARM", "INSUFFICIENT_DATA");
  static final List<String> OPERATORS =
      List.of(
          "GreaterThanOrEqualToThreshold",
          "GreaterThanThreshold",
          "LessThanThreshold",
          "LessThanOrEqualToThreshold",
          "LessThanLowerOrGreaterThanUpperThreshold",
          "LessThanLowerThreshold",
          "GreaterThanUpperThreshold");
  static final List<String> TREAT_MISSING =
      List.of("missing", "ignore", "breaching", "notBreaching");
  private static final Pattern ARN = Pattern.compile("^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$");

  private AlarmInput() {}

  /** A PutMetricAlarm request as an alarm configuration, validated as CloudWatch does. */
  static AlarmConfig config(JsonNode in, RequestContext ctx) {
    String name = CwInput.requiredText(in, "AlarmName", "AlarmName");
    if (name.isEmpty() || name.length() > 255) {
      throw CwErrors.validation(
          "1 validation error detected: Value '"
              + name
              + "' at"
              + " 'alarmName' failed to satisfy constraint: Member must have length between 1"
              + " and 255");
    }
    String description = CwInput.text(in, "AlarmDescription", "AlarmDescription");
    if (description != null && description.length() > 1024) {
      throw CwErrors.validation(
          "1 validation error detected: Value at 'alarmDescription'"
              + " failed to satisfy constraint: Member must have length less than or equal to 1024");
    }
    Integer evaluationPeriods = CwInput.integer(in, "EvaluationPeriods", "EvaluationPeriods");
    if (evaluationPeriods == null) {
      throw CwErrors.missingParameter("EvaluationPeriods");
    }
    if (evaluationPeriods < 1) {
      throw CwErrors.validation(
          "1 validation error detected: Value '"
              + evaluationPeriods
              + "' at 'evaluationPeriods' failed to satisfy constraint: Member must have value"
              + " greater than or equal to 1");
    }
    Integer datapointsToAlarm = CwInput.integer(in, "DatapointsToAlarm", "DatapointsToAlarm");
    if (datapointsToAlarm != null
        && (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods)) {
      throw CwErrors.validation(
          "DatapointsToAlarm must be between 1 and EvaluationPeriods (" + evaluationPeriods + ").");
    }
    String operator = CwInput.requiredText(in, "ComparisonOperator", "ComparisonOperator");
    if (!OPERATORS.contains(operator)) {
      throw CwErrors.enumValue(operator, "comparisonOperator", OPERATORS);
    }
    if (OPERATORS.indexOf(operator) >= 4 || CwInput.has(in, "ThresholdMetricId")) {
      throw CwErrors.invalidParameterValue(
          "The simulator does not support anomaly detection"
              + " alarms (ThresholdMetricId, "
              + operator
              + ").");
    }
    Double threshold = CwInput.number(in, "Threshold", "Threshold");
    if (threshold == null) {
      throw CwErrors.missingParameter("Threshold");
    }
    String treat = CwInput.text(in, "TreatMissingData", "TreatMissingData");
    if (treat != null && !TREAT_MISSING.contains(treat)) {
      throw CwErrors.validation(
          "Option "
              + treat
              + " is not supported. Supported options for"
              + " parameter TreatMissingData are missing, ignore, breaching and notBreaching.");
    }
    String lowSample =
        CwInput.text(in, "EvaluateLowSampleCountPercentile", "EvaluateLowSampleCountPercentile");
    if (lowSample != null
        && !lowSample.isEmpty()
        && !lowSample.equals("evaluate")
        && !lowSample.equals("ignore")) {
      throw CwErrors.validation(
          "Option "
              + lowSample
              + " is not supported. Supported options"
              + " for parameter EvaluateLowSampleCountPercentile are evaluate and ignore.");
    }
    Boolean actionsEnabled = CwInput.bool(in, "ActionsEnabled", "ActionsEnabled");
    List<String> ok = actions(in, "OKActions");
    List<String> alarm = actions(in, "AlarmActions");
    List<String> insufficient = actions(in, "InsufficientDataActions");
    String arn = "arn:aws:cloudwatch:" + ctx.region() + ":" + ctx.accountId() + ":alarm:" + name;

    List<JsonNode> metricsRaw = CwInput.list(in, "Metrics", "Metrics");
    if (!metricsRaw.isEmpty()) {
      for (String single :
          List.of(
              "MetricName",
              "Namespace",
              "Statistic",
              "ExtendedStatistic",
              "Dimensions",
              "Period",
              "Unit")) {
        if (CwInput.has(in, single)) {
          throw CwErrors.mutuallyExclusive(single, "Metrics");
        }
      }
      if (metricsRaw.size() > 10) {
        throw CwErrors.validation(
            "1 validation error detected: Value at 'metrics' failed to"
                + " satisfy constraint: Member must have length less than or equal to 10");
      }
      List<MetricQueries.Query> queries =
          MetricsApi.parseQueries(metricsRaw, ctx.region(), "Metrics", true);
      MetricQueries.Query returning =
          queries.stream().filter(MetricQueries.Query::returnData).findFirst().orElseThrow();
      Integer period = returning.period();
      if (period == null) {
        period =
            queries.stream()
                .filter(q -> !q.isExpression())
                .map(MetricQueries.Query::period)
                .findFirst()
                .orElse(null);
      }
      if (period == null) {
        throw CwErrors.missingParameter("Metrics.member.N.MetricStat.Period");
      }
      alarmPeriod(period, evaluationPeriods, "Metrics.member.N.MetricStat.Period");
      return new AlarmConfig(
          name,
          arn,
          ctx.region(),
          description,
          actionsEnabled == null || actionsEnabled,
          ok,
          alarm,
          insufficient,
          null,
          null,
          period,
          null,
          evaluationPeriods,
          datapointsToAlarm,
          threshold,
          operator,
          treat,
          lowSample,
          queries);
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
        throw CwErrors.invalidParameterValue(
            "The value " + extended + " for parameter ExtendedStatistic is not supported.");
      }
    }
    if (lowSample != null && !lowSample.isEmpty() && !stat.isPercentile()) {
      throw CwErrors.invalidParameterCombination(
          "EvaluateLowSampleCountPercentile can only be"
              + " used with an ExtendedStatistic percentile.");
    }
    Integer period = CwInput.integer(in, "Period", "Period");
    if (period == null) {
      throw CwErrors.missingParameter("Period");
    }
    alarmPeriod(period, evaluationPeriods, "Period");
    String unit = MetricInputs.unit(in, "Unit", "Unit");
    return new AlarmConfig(
        name,
        arn,
        ctx.region(),
        description,
        actionsEnabled == null || actionsEnabled,
        ok,
        alarm,
        insufficient,
        new MetricId(ctx.region(), namespace, metricName, dims),
        stat,
        period,
        unit,
        evaluationPeriods,
        datapointsToAlarm,
        threshold,
        operator,
        treat,
        lowSample,
        List.of());
  }

  /** Alarm periods: 10, 20, 30 or a multiple of 60; at most a day (a week above an hour). */
  private static void alarmPeriod(int period, int evaluationPeriods, String path) {
    if (period < 1) {
      throw CwErrors.invalidParameterValue("The parameter " + path + " must be greater than 0.");
    }
    if (period < 60 ? !List.of(10, 20, 30).contains(period) : period % 60 != 0) {
      throw CwErrors.invalidParameterValue(
          "The parameter " + path + " must be 10, 20, 30 or" + " a multiple of 60.");
    }
    long total = (long) period * evaluationPeriods;
    long limit = period >= 3600 ? 7 * 86_400 : 86_400;
    if (total > limit) {
      throw CwErrors.invalidParameterValue(
          "The evaluation period (EvaluationPeriods x Period ="
              + " "
              + total
              + " seconds) must not be longer than "
              + limit
              + " seconds.");
    }
  }

  private static List<String> actions(JsonNode in, String member) {
    List<String> arns = CwInput.strings(in, member, member);
    if (arns.size() > 5) {
      throw CwErrors.validation(
          "1 validation error detected: Value '"
              + arns
              + "' at '"
              + Character.toLowerCase(member.charAt(0))
              + member.substring(1)
              + "' failed to"
              + " satisfy constraint: Member must have length less than or equal to 5");
    }
    for (String arn : arns) {
      if (!ARN.matcher(arn).matches()) {
        throw CwErrors.validation("Invalid arn syntax: " + arn);
      }
    }
    return arns;
  }

  static Map<String, String> tags(JsonNode in) {
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

  static List<String> alarmNames(JsonNode in) {
    if (!CwInput.has(in, "AlarmNames")) {
      throw CwErrors.missingParameter("AlarmNames");
    }
    List<String> names = CwInput.strings(in, "AlarmNames", "AlarmNames");
    if (names.size() > 100) {
      throw CwErrors.validation(
          "1 validation error detected: Value at 'alarmNames' failed to"
              + " satisfy constraint: Member must have length less than or equal to 100");
    }
    return names;
  }

  static String stateValue(JsonNode in, String member, boolean required) {
    String s =
        required ? CwInput.requiredText(in, member, member) : CwInput.text(in, member, member);
    if (s != null && !STATES.contains(s)) {
      throw CwErrors.enumValue(s, "stateValue", List.of("INSUFFICIENT_DATA", "ALARM", "OK"));
    }
    return s;
  }
}
