package io.ssmflow.simulator.cloudwatch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A metric alarm: its configuration and its state. All access is synchronized; state changes answer
 * a {@link Transition} so that actions run after the lock is released.
 */
final class Alarm {
  /** A state change (or a SetAlarmState to the same state: {@code changed} false). */
  record Transition(
      AlarmConfig config,
      String oldState,
      String oldReason,
      String newState,
      String reason,
      String reasonData,
      Instant at,
      boolean changed) {}

  private AlarmConfig config;
  private String state = "INSUFFICIENT_DATA";
  private String reason = "Unchecked: Initial alarm creation";
  private String reasonData;
  private Instant stateUpdated;
  private Instant stateTransitioned;
  private Instant configUpdated;
  private long nextEvaluation;
  private final Map<String, String> tags = new LinkedHashMap<>();

  Alarm(AlarmConfig config, Instant now) {
    this.config = config;
    this.stateUpdated = now;
    this.stateTransitioned = now;
    this.configUpdated = now;
  }

  synchronized AlarmConfig config() {
    return config;
  }

  synchronized String state() {
    return state;
  }

  synchronized String reason() {
    return reason;
  }

  synchronized String reasonData() {
    return reasonData;
  }

  synchronized Instant stateUpdated() {
    return stateUpdated;
  }

  synchronized Instant stateTransitioned() {
    return stateTransitioned;
  }

  synchronized Instant configUpdated() {
    return configUpdated;
  }

  /** A new configuration; the state is kept, as PutMetricAlarm on an existing alarm does. */
  synchronized void reconfigure(AlarmConfig next, Instant now) {
    config = next;
    configUpdated = now;
    nextEvaluation = 0;
  }

  synchronized void actionsEnabled(boolean enabled) {
    config = config.withActionsEnabled(enabled);
  }

  synchronized boolean due(long now) {
    return now >= nextEvaluation;
  }

  synchronized void evaluatedAt(long now) {
    nextEvaluation = now + intervalMillis(config);
  }

  /**
   * How often the scheduler re-evaluates: every period and at least once a minute, like
   * CloudWatch's own cadence (alarm periods are at least 10 s).
   */
  static long intervalMillis(AlarmConfig c) {
    return Math.max(10, Math.min(c.period(), 60)) * 1000L;
  }

  /** Moves to {@code next} when it differs; answers null when nothing changed. */
  synchronized Transition evaluated(String next, String why, String data, Instant now) {
    if (next == null || next.equals(state)) {
      return null;
    }
    return set(next, why, data, now);
  }

  /** SetAlarmState: the state holds until the next evaluation changes it. */
  synchronized Transition forced(String next, String why, String data, Instant now) {
    Transition t = set(next, why, data, now);
    nextEvaluation = now.toEpochMilli() + intervalMillis(config);
    return t;
  }

  private Transition set(String next, String why, String data, Instant now) {
    Transition t = new Transition(config, state, reason, next, why, data, now, !next.equals(state));
    if (t.changed()) {
      stateTransitioned = now;
    }
    state = next;
    reason = why;
    reasonData = data;
    stateUpdated = now;
    return t;
  }

  synchronized Map<String, String> tags() {
    return new LinkedHashMap<>(tags);
  }

  synchronized void tag(Map<String, String> more) {
    tags.putAll(more);
  }

  synchronized void untag(Iterable<String> keys) {
    keys.forEach(tags::remove);
  }
}
