package io.ssmflow.simulator.cloudwatch;

import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.JsonOperation;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.sns.Sns;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudWatch metrics and alarms, served in AWS JSON 1.0 and Smithy RPC v2 CBOR (one operation table
 * for both) and, through {@link #queryOperations()}, in the older AWS Query form. Alarms really
 * evaluate: a scheduler checks every second which alarms are due (each every Period seconds and at
 * least once a minute) and PutMetricData evaluates the alarms of the metrics it wrote at once.
 * State changes publish to the alarms' SNS topics.
 */
public final class CloudWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CloudWatch.class);

  private final MetricStore store = new MetricStore();
  private final MetricsApi metrics;
  private final AlarmsApi alarms;
  private final ScheduledExecutorService scheduler;
  private final InstanceAgentMetrics agents;

  public CloudWatch(Fleet fleet, Sns sns, AdminRoutes admin) {
    Objects.requireNonNull(fleet, "fleet is null");
    Objects.requireNonNull(sns, "sns is null");
    MetricQueries queries = new MetricQueries(store);
    this.alarms = new AlarmsApi(queries, sns);
    this.metrics = new MetricsApi(store, queries, alarms::evaluateFor);
    this.agents = new InstanceAgentMetrics(fleet, store, alarms::evaluateFor);
    fleet.onReset(this::clear);
    admin.add("GET", "/_sim/cloudwatch", r -> Json.object().put("metrics", store.metricCount()));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cloudwatch-alarms");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  private void tick() {
    try {
      agents.collect();
      alarms.evaluateDue(System.currentTimeMillis());
    } catch (RuntimeException e) {
      // Keep the scheduler alive: one broken alarm must not stop the others.
      log.error("alarm evaluation failed", e);
    }
  }

  public Map<String, JsonOperation> operations() {
    Map<String, JsonOperation> ops = new LinkedHashMap<>();
    ops.put("PutMetricData", metrics::putMetricData);
    ops.put("GetMetricStatistics", metrics::getMetricStatistics);
    ops.put("GetMetricData", metrics::getMetricData);
    ops.put("ListMetrics", metrics::listMetrics);
    ops.put("PutMetricAlarm", alarms::putMetricAlarm);
    ops.put("DescribeAlarms", alarms::describeAlarms);
    ops.put("DescribeAlarmsForMetric", alarms::describeAlarmsForMetric);
    ops.put("DescribeAlarmHistory", alarms::describeAlarmHistory);
    ops.put("SetAlarmState", alarms::setAlarmState);
    ops.put("DeleteAlarms", alarms::deleteAlarms);
    ops.put("EnableAlarmActions", (in, ctx) -> alarms.setActionsEnabled(in, ctx, true));
    ops.put("DisableAlarmActions", (in, ctx) -> alarms.setActionsEnabled(in, ctx, false));
    ops.put("TagResource", alarms::tagResource);
    ops.put("UntagResource", alarms::untagResource);
    ops.put("ListTagsForResource", alarms::listTagsForResource);
    return Map.copyOf(ops);
  }

  /** The same operations in the AWS Query form (form parameters in, XML out). */
  public Map<String, QueryOperation> queryOperations() {
    return QueryBridge.wrap(operations());
  }

  private void clear() {
    store.clear();
    alarms.clear();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
