package io.ssmflow.cli;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;

/**
 * How long each instance sat idle between two of its commands in a benchmark run: from the end of
 * one invocation (its plugin's ResponseFinishDateTime) to the request of the instance's next
 * command, read from SSM (the simulator) after the run. This is the engine's per-step overhead
 * (reaction, linger, workflow tasks, the send), what the ratio to the N·T/C bound is made of.
 */
record StepGaps(
    int count,
    double p50,
    double p90,
    double p99,
    double max,
    double mean,
    double busySeconds,
    double heldSeconds,
    double spanSeconds,
    long firstRequestMillis,
    long lastEndMillis,
    long[][] lives,
    List<Integer> batches) {
  static StepGaps read(Map<String, String> env) {
    Map<String, List<long[]>> byInstance = new HashMap<>();
    List<Integer> batches = new ArrayList<>();
    try (AwsClients clients = AwsClients.create(AwsSettings.fromEnvironment(env))) {
      SsmClient ssm = clients.ssm();
      for (var page : ssm.listCommandsPaginator(b -> b.maxResults(50))) {
        for (Command c : page.commands()) {
          long requested = c.requestedDateTime().toEpochMilli();
          batches.add(c.targetCount());
          for (var inv :
              ssm.listCommandInvocationsPaginator(
                  b -> b.commandId(c.commandId()).details(true).maxResults(50))) {
            for (CommandInvocation i : inv.commandInvocations()) {
              Instant end = null;
              for (CommandPlugin p : i.commandPlugins()) {
                end = p.responseFinishDateTime();
              }
              if (end != null) {
                byInstance
                    .computeIfAbsent(i.instanceId(), k -> new ArrayList<>())
                    .add(new long[] {requested, end.toEpochMilli()});
              }
            }
          }
        }
      }
    }
    String dump = System.getenv("BENCH_DUMP");
    if (dump != null && !dump.isBlank()) {
      // Every invocation as "instance requested end" (epoch millis), for analyses off line.
      StringBuilder b = new StringBuilder();
      byInstance.forEach(
          (id, runs) -> runs.forEach(r -> b.append(id + " " + r[0] + " " + r[1] + "\n")));
      try {
        java.nio.file.Files.writeString(java.nio.file.Path.of(dump), b);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    List<Double> gaps = new ArrayList<>();
    double busy = 0;
    double held = 0;
    long first = Long.MAX_VALUE;
    long last = 0;
    List<long[]> lives = new ArrayList<>();
    for (List<long[]> runs : byInstance.values()) {
      runs.sort((a, b) -> Long.compare(a[0], b[0]));
      for (int k = 0; k < runs.size(); k++) {
        busy += (runs.get(k)[1] - runs.get(k)[0]) / 1000.0;
        if (k > 0) {
          gaps.add((runs.get(k)[0] - runs.get(k - 1)[1]) / 1000.0);
        }
      }
      held += (runs.get(runs.size() - 1)[1] - runs.get(0)[0]) / 1000.0;
      lives.add(new long[] {runs.get(0)[0], runs.get(runs.size() - 1)[1]});
      first = Math.min(first, runs.get(0)[0]);
      last = Math.max(last, runs.get(runs.size() - 1)[1]);
    }
    if (gaps.isEmpty()) {
      return new StepGaps(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new long[0][], batches);
    }
    Collections.sort(gaps);
    double sum = 0;
    for (double g : gaps) {
      sum += g;
    }
    return new StepGaps(
        gaps.size(),
        at(gaps, 0.5),
        at(gaps, 0.9),
        at(gaps, 0.99),
        gaps.get(gaps.size() - 1),
        sum / gaps.size(),
        busy,
        held,
        (last - first) / 1000.0,
        first,
        last,
        lives.toArray(new long[0][]),
        batches);
  }

  /**
   * Empty slot-seconds in three phases: ramp-up (until {@code concurrency} instances are in flight
   * for the first time), refill (from then to the last instance's first request: slots waiting for
   * the next instance) and tail (after it). An instance occupies a slot from its first request to
   * its last end.
   */
  double[] emptyByPhase(int concurrency) {
    List<long[]> events = new ArrayList<>(lives.length * 2);
    long lastStart = 0;
    for (long[] life : lives) {
      events.add(new long[] {life[0], 1});
      events.add(new long[] {life[1], -1});
      lastStart = Math.max(lastStart, life[0]);
    }
    // Ends before starts at the same millisecond: a slot handed over at once is not double-booked.
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    double[] empty = new double[3];
    int phase = 0;
    long occupied = 0;
    long at = events.isEmpty() ? 0 : events.get(0)[0];
    for (long[] e : events) {
      if (e[0] > at) {
        empty[phase] += Math.max(0, concurrency - occupied) * (e[0] - at) / 1000.0;
        at = e[0];
      }
      occupied += e[1];
      if (phase == 0 && occupied >= concurrency) {
        phase = 1;
      }
      if (phase < 2 && e[1] > 0 && e[0] == lastStart) {
        phase = 2;
      }
    }
    return empty;
  }

  private static double at(List<Double> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }

  /**
   * Two lines: the gaps, then where the slots' time went over the span from the first request to
   * the last end ({@code concurrency} slots): running invocations, held between an instance's
   * commands, and empty (waiting to be refilled, ramp-up and tail).
   */
  String describe(int concurrency, long cliStartMillis, long cliEndMillis) {
    double slots = spanSeconds * concurrency;
    double[] empty = emptyByPhase(concurrency);
    return String.format(
            Locale.ROOT,
            "idle between an instance's commands (end to next request, %d gaps): mean %.2f s,"
                + " p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s%n"
                + "bench: slot time over %.1f s x %d: running %.0f%%, held between commands %.0f%%,"
                + " empty %.0f%% (ramp-up %.1f%%, refill %.1f%%, tail %.1f%%); before the first"
                + " command %.1f s, after the last %.1f s",
            count,
            mean,
            p50,
            p90,
            p99,
            max,
            spanSeconds,
            concurrency,
            100 * busySeconds / slots,
            100 * (heldSeconds - busySeconds) / slots,
            100 * (slots - heldSeconds) / slots,
            100 * empty[0] / slots,
            100 * empty[1] / slots,
            100 * empty[2] / slots,
            (firstRequestMillis - cliStartMillis) / 1000.0,
            (cliEndMillis - lastEndMillis) / 1000.0)
        + batchLine();
  }

  /**
   * Instances per SendCommand (each command's TargetCount): how well the engine batched, which is
   * what the sends per instance-step come from.
   */
  private String batchLine() {
    if (batches.isEmpty()) {
      return "";
    }
    List<Integer> sorted = new ArrayList<>(batches);
    Collections.sort(sorted);
    long sum = 0;
    int small = 0;
    for (int b : sorted) {
      sum += b;
      small += b < 10 ? 1 : 0;
    }
    return String.format(
        Locale.ROOT,
        "%nbench: instances per SendCommand (%d commands): mean %.1f, p10 %d, p50 %d, p90 %d,"
            + " under 10: %.0f%% of the commands",
        sorted.size(),
        (double) sum / sorted.size(),
        sorted.get(sorted.size() / 10),
        sorted.get(sorted.size() / 2),
        sorted.get(Math.min(sorted.size() - 1, sorted.size() * 9 / 10)),
        100.0 * small / sorted.size());
  }
}
