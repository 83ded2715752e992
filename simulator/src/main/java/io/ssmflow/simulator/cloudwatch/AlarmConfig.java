package io.ssmflow.simulator.cloudwatch;

import java.util.List;

/**
 * An alarm's configuration as PutMetricAlarm set it; replaced as a whole on update. Either {@code
 * metric} + {@code stat} (a metric alarm) or {@code metrics} (a metric-math alarm).
 */
record AlarmConfig(
    String name,
    String arn,
    String region,
    String description,
    boolean actionsEnabled,
    List<String> okActions,
    List<String> alarmActions,
    List<String> insufficientDataActions,
    MetricId metric,
    Stat stat,
    int period,
    String unit,
    int evaluationPeriods,
    Integer datapointsToAlarm,
    double threshold,
    String comparisonOperator,
    String treatMissingData,
    String evaluateLowSampleCountPercentile,
    List<MetricQueries.Query> metrics) {

  AlarmConfig {
    okActions = List.copyOf(okActions);
    alarmActions = List.copyOf(alarmActions);
    insufficientDataActions = List.copyOf(insufficientDataActions);
    metrics = List.copyOf(metrics);
  }

  boolean isMathAlarm() {
    return metric == null;
  }

  int datapointsToAlarmOrDefault() {
    return datapointsToAlarm != null ? datapointsToAlarm : evaluationPeriods;
  }

  String treatMissingDataOrDefault() {
    return treatMissingData != null ? treatMissingData : "missing";
  }

  List<String> actionsFor(String state) {
    return switch (state) {
      case "ALARM" -> alarmActions;
      case "OK" -> okActions;
      default -> insufficientDataActions;
    };
  }

  boolean breaches(double value) {
    return switch (comparisonOperator) {
      case "GreaterThanOrEqualToThreshold" -> value >= threshold;
      case "GreaterThanThreshold" -> value > threshold;
      case "LessThanThreshold" -> value < threshold;
      default -> value <= threshold;
    };
  }

  /** "greater than or equal to", as AWS's state reasons phrase the operator. */
  String operatorPhrase() {
    return switch (comparisonOperator) {
      case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
      case "GreaterThanThreshold" -> "greater than";
      case "LessThanThreshold" -> "less than";
      default -> "less than or equal to";
    };
  }

  AlarmConfig withActionsEnabled(boolean enabled) {
    return new AlarmConfig(
        name,
        arn,
        region,
        description,
        enabled,
        okActions,
        alarmActions,
        insufficientDataActions,
        metric,
        stat,
        period,
        unit,
        evaluationPeriods,
        datapointsToAlarm,
        threshold,
        comparisonOperator,
        treatMissingData,
        evaluateLowSampleCountPercentile,
        metrics);
  }
}
