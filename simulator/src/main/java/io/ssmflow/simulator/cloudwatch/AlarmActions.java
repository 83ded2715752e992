package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.sns.Sns;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarm evaluation (on the scheduler's tick and right after PutMetricData) and the actions of a
 * state change: history items and SNS notifications.
 */
final class AlarmActions {
  private static final Logger log = LoggerFactory.getLogger(AlarmActions.class);

  private final AlarmStore store;
  private final AlarmEvaluator evaluator;
  private final Sns sns;

  AlarmActions(AlarmStore store, MetricQueries queries, Sns sns) {
    this.store = store;
    this.evaluator = new AlarmEvaluator(queries);
    this.sns = sns;
  }

  /** Evaluates every alarm that is due (the scheduler's tick). */
  void evaluateDue(long now) {
    for (Alarm a : store.alarms.values()) {
      if (a.due(now)) {
        evaluate(a, now);
      }
    }
  }

  /** Evaluates at once the alarms that watch any of {@code metrics} (after PutMetricData). */
  void evaluateFor(Set<MetricId> metrics) {
    long now = System.currentTimeMillis();
    for (Alarm a : store.alarms.values()) {
      AlarmConfig c = a.config();
      boolean watches =
          c.isMathAlarm()
              ? c.metrics().stream()
                  .anyMatch(q -> q.metric() != null && metrics.contains(q.metric()))
              : metrics.contains(c.metric());
      if (watches) {
        evaluate(a, now);
      }
    }
  }

  void evaluate(Alarm alarm, long now) {
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

  void afterTransition(Alarm.Transition t) {
    AlarmConfig c = t.config();
    ObjectNode data = Json.object().put("version", "1.0");
    data.putObject("oldState").put("stateValue", t.oldState()).put("stateReason", t.oldReason());
    ObjectNode newState =
        data.putObject("newState").put("stateValue", t.newState()).put("stateReason", t.reason());
    if (t.reasonData() != null) {
      try {
        newState.set("stateReasonData", Json.MAPPER.readTree(t.reasonData()));
      } catch (IOException e) {
        newState.put("stateReasonData", t.reasonData());
      }
    }
    store.record(
        c.region(),
        c.name(),
        t.at(),
        "StateUpdate",
        "Alarm updated from " + t.oldState() + " to " + t.newState(),
        data.toString());
    if (!t.changed() || !c.actionsEnabled()) {
      return;
    }
    List<String> actions = c.actionsFor(t.newState());
    if (actions.isEmpty()) {
      return;
    }
    String region = AlarmViews.regionName(c.region());
    String subject = t.newState() + ": \"" + c.name() + "\" in " + region;
    if (subject.length() > 100) {
      subject = subject.substring(0, 100);
    }
    String message = AlarmViews.notification(t, region).toString();
    for (String arn : actions) {
      String[] parts = arn.split(":", 6);
      if (parts.length == 6 && parts[2].equals("sns")) {
        try {
          String id = sns.publish(arn, subject, message);
          store.record(
              c.region(),
              c.name(),
              Instant.now(),
              "Action",
              "Successfully executed action " + arn,
              Json.object()
                  .put("actionState", "Succeeded")
                  .put("notificationResource", arn)
                  .put("stateUpdateTimestamp", t.at().toEpochMilli())
                  .put("publishedMessage", id)
                  .toString());
        } catch (AwsException e) {
          store.record(
              c.region(),
              c.name(),
              Instant.now(),
              "Action",
              "Failed to execute action " + arn,
              Json.object()
                  .put("actionState", "Failed")
                  .put("notificationResource", arn)
                  .put("error", e.getMessage())
                  .toString());
        }
      } else {
        store.record(
            c.region(),
            c.name(),
            Instant.now(),
            "Action",
            "Action " + arn + " was not executed: the simulator only executes SNS actions",
            Json.object()
                .put("actionState", "Skipped")
                .put("notificationResource", arn)
                .toString());
      }
    }
  }
}
