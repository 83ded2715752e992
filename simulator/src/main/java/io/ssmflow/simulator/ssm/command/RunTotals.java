package io.ssmflow.simulator.ssm.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many times each instance started a command, per command Comment, since the start or the last
 * stats reset. Totals: unlike the retained commands (forgotten beyond the retention limits) and the
 * agents' bounded history, they answer "did any step run twice?" for a fleet of any size.
 *
 * <p>A Comment that starts with an idempotency marker {@code <prefix>:<hex>} (ssmflow writes {@code
 * ssmflow:<12 hex> <label>}) is grouped under the rest, its label, so every batch of one step
 * shares a label; any other Comment is its own label, and an empty one is labelled with the
 * document name.
 */
final class RunTotals {
  /** Distinct comments kept per instance; beyond it the oldest is dropped (and counted). */
  static final int COMMENTS_PER_INSTANCE = 1000;

  static final int EXAMPLES = 20;
  private static final Pattern MARKER =
      Pattern.compile("^[A-Za-z][\\w.-]*:[0-9a-fA-F]{6,}(?:\\s+|$)");

  private volatile Instant since = Instant.now();
  private final Map<String, InstanceRuns> byInstance = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();

  /** Counts one start of a command on an instance. */
  void record(String instanceId, String comment, String documentName) {
    String key = comment == null || comment.isEmpty() ? "" : comment;
    byInstance
        .computeIfAbsent(instanceId, k -> new InstanceRuns())
        .add(key.isEmpty() ? documentName : key);
  }

  void reset() {
    byInstance.clear();
    dropped.set(0);
    since = Instant.now();
  }

  /** The label a Comment groups under. */
  static String label(String comment) {
    Matcher m = MARKER.matcher(comment);
    String rest = m.find() ? comment.substring(m.end()).strip() : comment;
    return rest.isEmpty() ? comment : rest;
  }

  /** One instance's runs by Comment, in first-run order. */
  Map<String, Integer> of(String instanceId) {
    InstanceRuns runs = byInstance.get(instanceId);
    return runs == null ? Map.of() : runs.copy();
  }

  /** Aggregates over every instance. */
  record Label(int instances, long runs, int maxPerInstance, int instancesMoreThanOnce) {}

  record Repeat(String instanceId, String comment, int runs) {}

  record Summary(
      Instant since,
      long runs,
      int instances,
      Map<String, Label> labels,
      long repeatedCount,
      List<Repeat> repeatedExamples,
      long droppedComments) {}

  Summary summary() {
    Map<String, int[]> labels = new TreeMap<>(); // instances, maxPerInstance, moreThanOnce
    Map<String, Long> labelRuns = new TreeMap<>();
    long runs = 0;
    int instances = 0;
    long repeated = 0;
    List<Repeat> examples = new ArrayList<>();
    for (Map.Entry<String, InstanceRuns> e : byInstance.entrySet()) {
      Map<String, Integer> counts = e.getValue().copy();
      if (counts.isEmpty()) {
        continue;
      }
      instances++;
      Map<String, Integer> perLabel = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> c : counts.entrySet()) {
        runs += c.getValue();
        perLabel.merge(label(c.getKey()), c.getValue(), Integer::sum);
        if (c.getValue() > 1) {
          repeated++;
          if (examples.size() < EXAMPLES) {
            examples.add(new Repeat(e.getKey(), c.getKey(), c.getValue()));
          }
        }
      }
      perLabel.forEach(
          (label, n) -> {
            int[] agg = labels.computeIfAbsent(label, k -> new int[3]);
            agg[0]++;
            agg[1] = Math.max(agg[1], n);
            if (n > 1) {
              agg[2]++;
            }
            labelRuns.merge(label, (long) n, Long::sum);
          });
    }
    Map<String, Label> out = new LinkedHashMap<>();
    labels.forEach(
        (label, agg) -> out.put(label, new Label(agg[0], labelRuns.get(label), agg[1], agg[2])));
    return new Summary(since, runs, instances, out, repeated, examples, dropped.get());
  }

  private final class InstanceRuns {
    private final Map<String, Integer> counts =
        new LinkedHashMap<>(8, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            if (size() > COMMENTS_PER_INSTANCE) {
              dropped.incrementAndGet();
              return true;
            }
            return false;
          }
        };

    synchronized void add(String comment) {
      counts.merge(comment, 1, Integer::sum);
    }

    synchronized Map<String, Integer> copy() {
      return new LinkedHashMap<>(counts);
    }
  }
}
