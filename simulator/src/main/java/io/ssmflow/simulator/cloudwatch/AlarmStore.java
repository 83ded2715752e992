package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The alarm model: metric alarms by region and name, and the alarm history. */
final class AlarmStore {
  static final int MAX_ALARMS = 5000;
  static final int MAX_HISTORY = 10_000;

  /** Alarms by {@link #key}; structural changes synchronize on the map. */
  final Map<String, Alarm> alarms = new ConcurrentHashMap<>();

  private final Deque<AlarmHistoryItem> history = new ArrayDeque<>();

  static String key(String region, String name) {
    return region + "/" + name;
  }

  /** The region's alarms by name. */
  List<Alarm> sorted(String region) {
    return alarms.values().stream()
        .filter(a -> a.config().region().equals(region))
        .sorted(Comparator.comparing(a -> a.config().name()))
        .toList();
  }

  /** The alarm a tagging request names by ResourceARN. */
  Alarm byArn(JsonNode in) {
    String arn = CwInput.requiredText(in, "ResourceARN", "ResourceARN");
    return alarms.values().stream()
        .filter(a -> a.config().arn().equals(arn))
        .findFirst()
        .orElseThrow(() -> CwErrors.resourceNotFoundException("Unknown resource " + arn));
  }

  /** Appends a DescribeAlarmHistory item, dropping the oldest beyond the cap. */
  void record(String region, String alarm, Instant at, String type, String summary, String data) {
    synchronized (history) {
      history.addLast(new AlarmHistoryItem(region, alarm, at, type, summary, data));
      while (history.size() > MAX_HISTORY) {
        history.removeFirst();
      }
    }
  }

  /** A copy of the history, oldest first. */
  List<AlarmHistoryItem> history() {
    synchronized (history) {
      return new ArrayList<>(history);
    }
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
