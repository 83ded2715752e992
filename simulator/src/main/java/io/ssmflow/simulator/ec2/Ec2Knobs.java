package io.ssmflow.simulator.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.fleet.Latency;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * How long EC2's asynchronous work takes in the simulator, changeable at run time through {@code
 * POST /_sim/ec2/knobs}. The defaults keep a demo quick; the snapshot interval is AWS's real
 * per-volume limit.
 */
public final class Ec2Knobs {
  static final Duration SNAPSHOT_DURATION = Duration.ofSeconds(1);
  static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(15);
  static final Duration REPLACE_ROOT_DURATION = Duration.ofSeconds(1);
  static final Duration STATE_CHANGE_DURATION = Duration.ofMillis(300);

  private volatile Duration snapshotDuration = SNAPSHOT_DURATION;
  private volatile Duration snapshotInterval = SNAPSHOT_INTERVAL;
  private volatile Duration replaceRootDuration = REPLACE_ROOT_DURATION;
  private volatile Duration stateChangeDuration = STATE_CHANGE_DURATION;

  /** How long a new snapshot stays {@code pending} before it is {@code completed}. */
  public Duration snapshotDuration() {
    return snapshotDuration;
  }

  /** The least time between two CreateSnapshot calls on one volume. */
  public Duration snapshotInterval() {
    return snapshotInterval;
  }

  /** How long a replace-root-volume task takes from creation to {@code succeeded}. */
  public Duration replaceRootDuration() {
    return replaceRootDuration;
  }

  /** How long stopping, pending and a reboot last. */
  public Duration stateChangeDuration() {
    return stateChangeDuration;
  }

  public void reset() {
    snapshotDuration = SNAPSHOT_DURATION;
    snapshotInterval = SNAPSHOT_INTERVAL;
    replaceRootDuration = REPLACE_ROOT_DURATION;
    stateChangeDuration = STATE_CHANGE_DURATION;
  }

  ObjectNode toJson() {
    return Json.object()
        .put("snapshotDuration", text(snapshotDuration))
        .put("snapshotInterval", text(snapshotInterval))
        .put("replaceRootDuration", text(replaceRootDuration))
        .put("stateChangeDuration", text(stateChangeDuration));
  }

  /**
   * Applies the durations named in {@code body}; all are checked before any is applied.
   *
   * @throws IllegalArgumentException for an unknown knob or a malformed duration
   */
  void apply(JsonNode body) {
    if (!body.isObject()) {
      throw new IllegalArgumentException("body must be a JSON object of durations");
    }
    Duration[] next = {
      snapshotDuration, snapshotInterval, replaceRootDuration, stateChangeDuration
    };
    Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      int slot =
          switch (e.getKey()) {
            case "snapshotDuration" -> 0;
            case "snapshotInterval" -> 1;
            case "replaceRootDuration" -> 2;
            case "stateChangeDuration" -> 3;
            default ->
                throw new IllegalArgumentException(
                    "unknown EC2 knob '"
                        + e.getKey()
                        + "' (known: snapshotDuration, snapshotInterval, replaceRootDuration,"
                        + " stateChangeDuration)");
          };
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(e.getKey() + " must be a duration such as \"2s\"");
      }
      next[slot] = Latency.duration(e.getValue().asText());
    }
    snapshotDuration = next[0];
    snapshotInterval = next[1];
    replaceRootDuration = next[2];
    stateChangeDuration = next[3];
  }

  private static String text(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
