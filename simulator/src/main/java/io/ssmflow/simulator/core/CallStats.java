package io.ssmflow.simulator.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many calls each AWS operation received since the simulator started or the stats were last
 * reset: every request counts, answered or failed, whatever its protocol; failed ones are also
 * counted by error code, and answers that could not be written (the client had gone) separately.
 * These are totals: they never depend on what the services still retain.
 *
 * <p>Operations are named {@code <service>:<Operation>} with the IAM prefix of the service ({@code
 * ssm:SendCommand}, {@code ec2:DescribeInstances}, {@code sns:Publish}, {@code
 * cloudwatch:PutMetricData}).
 */
public final class CallStats {
  private static final Map<String, String> PREFIXES = Map.of("monitoring", "cloudwatch");

  private volatile Window window = new Window(Instant.now());
  private final List<Runnable> resetListeners = new CopyOnWriteArrayList<>();

  /** The counters of one period; replaced whole on reset so a reader never sees half of one. */
  private record Window(
      Instant since,
      Map<String, LongAdder> calls,
      Map<String, Map<String, LongAdder>> errors,
      Map<String, LongAdder> undelivered) {
    Window(Instant since) {
      this(since, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }
  }

  /** A read of the counters: operation names sorted, values at the time of the read. */
  public record Snapshot(
      Instant since,
      Map<String, Long> calls,
      Map<String, Map<String, Long>> errors,
      Map<String, Long> undelivered) {

    /** Calls per service prefix ({@code ssm}, {@code ec2}, ...), sorted. */
    public Map<String, Long> perService() {
      Map<String, Long> out = new TreeMap<>();
      calls.forEach((op, n) -> out.merge(op.substring(0, op.indexOf(':')), n, Long::sum));
      return out;
    }

    public long total() {
      return calls.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Counts one call.
   *
   * @param service the signing name of the service that answered ({@code ssm}, {@code monitoring},
   *     ...), or null when no service could be told from the request
   * @param operation the operation (or Query action), or null when the request named none
   * @param errorCode the AWS error code answered, or null for a success
   */
  public void record(String service, String operation, String errorCode) {
    Window w = window;
    String op = name(service, operation);
    w.calls.computeIfAbsent(op, k -> new LongAdder()).increment();
    if (errorCode != null) {
      w.errors
          .computeIfAbsent(op, k -> new ConcurrentHashMap<>())
          .computeIfAbsent(errorCode, k -> new LongAdder())
          .increment();
    }
  }

  /** Counts an answer that could not be written because the connection was gone. */
  public void undelivered(String service, String operation) {
    window.undelivered.computeIfAbsent(name(service, operation), k -> new LongAdder()).increment();
  }

  public Snapshot snapshot() {
    Window w = window;
    Map<String, Long> calls = new TreeMap<>();
    w.calls.forEach((op, n) -> calls.put(op, n.sum()));
    Map<String, Map<String, Long>> errors = new TreeMap<>();
    w.errors.forEach(
        (op, codes) -> {
          Map<String, Long> byCode = new TreeMap<>();
          codes.forEach((code, n) -> byCode.put(code, n.sum()));
          errors.put(op, byCode);
        });
    Map<String, Long> undelivered = new TreeMap<>();
    w.undelivered.forEach((op, n) -> undelivered.put(op, n.sum()));
    return new Snapshot(w.since, calls, errors, undelivered);
  }

  /** Starts counting from zero, and tells the listeners (other totals reset with these). */
  public void reset() {
    window = new Window(Instant.now());
    resetListeners.forEach(Runnable::run);
  }

  public void onReset(Runnable listener) {
    resetListeners.add(listener);
  }

  static String name(String service, String operation) {
    String prefix =
        service == null || service.isEmpty() ? "unknown" : PREFIXES.getOrDefault(service, service);
    return prefix + ":" + (operation == null || operation.isEmpty() ? "(none)" : operation);
  }
}
