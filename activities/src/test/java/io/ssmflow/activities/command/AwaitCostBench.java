package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult.SentCommand;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;

/**
 * Benchmark, off by default: sends K commands of 50 simulated instances (latency 500ms-2s by
 * default), waits for them the way a workflow does (awaitInvocations again and again, with a
 * linger), and reports the SSM calls per instance-step of the wait, of the sends, and the reaction
 * (from an invocation's end, as SSM reports it, to the await answer that carried it).
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl activities -am test -Dtest=AwaitCostBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dssmflow.bench=true \
 *     -Dssmflow.bench.commands=1,5,20 -Dssmflow.bench.latency=500ms-2s \
 *     -Dssmflow.bench.linger=200ms,500ms
 * </pre>
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "ssmflow.bench", matches = "true")
class AwaitCostBench {
  static final int PER_COMMAND = 50;

  @Test
  void awaitCostPerInstanceStep() {
    List<Integer> ks =
        Arrays.stream(System.getProperty("ssmflow.bench.commands", "1,5,20").split(","))
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();
    List<Duration> lingers =
        Arrays.stream(System.getProperty("ssmflow.bench.linger", "200ms").split(","))
            .map(String::strip)
            .map(AwaitCostBench::millis)
            .toList();
    String latency = System.getProperty("ssmflow.bench.latency", "500ms-2s");
    int fleet = ks.stream().mapToInt(Integer::intValue).max().orElse(1) * PER_COMMAND;
    String yaml =
        "instances:\n  - count: "
            + fleet
            + "\n    namePrefix: b\n"
            + "    mode: simulated\n    latency: "
            + latency
            + "\n";
    List<String> lines = new ArrayList<>();
    try (TestSimulator sim = TestSimulator.start(yaml);
        ObservedSsm observed = new ObservedSsm(sim)) {
      Map<String, String> ids = ActivityTesting.idsByName(sim);
      TestActivityEnvironment env =
          ActivityTesting.environment(new CommandActivitiesImpl(observed.client()));
      try {
        CommandActivities activities = ActivityTesting.stub(env, CommandActivities.class);
        // Warm up (class loading, JIT) with a run that is not reported.
        run(
            sim,
            observed,
            activities,
            ids,
            Math.min(2, fleet / PER_COMMAND),
            latency,
            lingers.get(0));
        for (Duration linger : lingers) {
          for (int k : ks) {
            lines.add(run(sim, observed, activities, ids, k, latency, linger));
          }
        }
      } finally {
        env.close();
      }
    }
    System.out.println("---- await cost (simulated, " + PER_COMMAND + " instances a command)");
    lines.forEach(System.out::println);
  }

  private static String run(
      TestSimulator sim,
      ObservedSsm observed,
      CommandActivities activities,
      Map<String, String> ids,
      int k,
      String latency,
      Duration linger) {
    observed.reset();
    List<SentCommand> sent = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      int first = c * PER_COMMAND + 1;
      List<String> batch =
          IntStream.range(first, first + PER_COMMAND).mapToObj(i -> ids.get("b-" + i)).toList();
      sent.addAll(
          activities
              .sendShellCommand(
                  new SendCommandRequest(
                      UUID.randomUUID().toString(), "bench", batch, List.of("echo bench"), 60, 30))
              .commands());
    }
    int sendCalls = observed.total();
    observed.reset();

    Map<String, Set<String>> pending = new LinkedHashMap<>();
    long sentAfter = Long.MAX_VALUE;
    for (SentCommand c : sent) {
      pending.put(c.commandId(), new LinkedHashSet<>(c.instanceIds()));
      sentAfter = Math.min(sentAfter, c.requestedAtMillis());
    }
    Map<String, Long> answeredAt = new HashMap<>();
    int awaits = 0;
    // What one ListCommandInvocations per pending command per poll would have cost at the same
    // polls (a poll is one ListCommands: a listing page, or the one command's status).
    int baseline = 0;
    long start = System.nanoTime();
    while (!pending.isEmpty()) {
      assertThat(System.nanoTime() - start).isLessThan(Duration.ofMinutes(2).toNanos());
      List<PendingCommand> request = new ArrayList<>();
      pending.forEach((id, left) -> request.add(new PendingCommand(id, List.copyOf(left))));
      awaits++;
      String polls = pending.size() > 1 ? ObservedSsm.LISTING : "ListCommands";
      int before = observed.calls(polls);
      List<InvocationOutcome> finished =
          activities
              .awaitInvocations(
                  new AwaitRequest(request, Duration.ofSeconds(20), linger, sentAfter))
              .finished();
      baseline += (observed.calls(polls) - before) * pending.size();
      long now = System.currentTimeMillis();
      for (InvocationOutcome o : finished) {
        pending.get(o.commandId()).remove(o.instanceId());
        answeredAt.put(o.commandId() + "/" + o.instanceId(), now);
      }
      pending.values().removeIf(Set::isEmpty);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    Map<String, Integer> calls = observed.calls();
    int awaitCalls = observed.total();

    List<Long> reactions = new ArrayList<>();
    for (SentCommand c : sent) {
      for (CommandInvocation inv :
          sim.ssm()
              .listCommandInvocationsPaginator(b -> b.commandId(c.commandId()).details(true))
              .commandInvocations()) {
        Instant end = inv.commandPlugins().get(0).responseFinishDateTime();
        reactions.add(answeredAt.get(c.commandId() + "/" + inv.instanceId()) - end.toEpochMilli());
      }
    }
    reactions.sort(null);
    int steps = k * PER_COMMAND;
    return String.format(
        "k=%d latency=%s linger=%dms steps=%d awaits=%d wall_s=%.1f"
            + " await_calls=%d await_calls_per_step=%.4f send_calls_per_step=%.4f"
            + " one_list_per_command_per_poll_per_step=%.4f"
            + " reaction_p50_ms=%d reaction_p95_ms=%d reaction_max_ms=%d calls=%s",
        k,
        latency,
        linger.toMillis(),
        steps,
        awaits,
        wall,
        awaitCalls,
        awaitCalls / (double) steps,
        sendCalls / (double) steps,
        baseline / (double) steps,
        reactions.get(reactions.size() / 2),
        reactions.get(reactions.size() * 95 / 100),
        reactions.get(reactions.size() - 1),
        calls);
  }

  private static Duration millis(String text) {
    return Duration.ofMillis(Long.parseLong(text.replace("ms", "")));
  }
}
