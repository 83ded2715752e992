package io.ssmflow.workflows.notify;

/**
 * One CloudWatch data point.
 *
 * @param name the metric name, e.g. InstancesSucceeded
 * @param value the value
 * @param unit a CloudWatch unit (Count, Seconds, ...)
 */
public record MetricDatum(String name, double value, String unit) {}
