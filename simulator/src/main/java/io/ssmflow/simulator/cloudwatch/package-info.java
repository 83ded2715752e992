/**
 * The simulator's CloudWatch: Smithy RPC v2 CBOR and AWS JSON 1.0 (one operation table for both,
 * {@link CloudWatch#operations}) and the older AWS Query form ({@link QueryBridge}).
 *
 * <p>Metrics: PutMetricData, GetMetricStatistics, GetMetricData with metric math, ListMetrics
 * ({@link MetricsApi} over {@link MetricStore}). Alarms: PutMetricAlarm, DescribeAlarms(ForMetric),
 * DescribeAlarmHistory, SetAlarmState, DeleteAlarms, Enable/DisableAlarmActions and tagging ({@link
 * AlarmsApi}); the model is {@link AlarmStore}, requests are read by {@link AlarmInput}, answers
 * written by {@link AlarmViews}, and {@link AlarmActions} evaluates alarms (every second and right
 * after PutMetricData) and publishes their state changes to SNS.
 */
package io.ssmflow.simulator.cloudwatch;
