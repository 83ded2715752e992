package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult.SentCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What waiting costs in SSM calls: command status comes from ListCommands pages (up to 50 commands
 * a call), and invocations are read only for commands whose completions moved.
 */
class CommandAwaitCostTest {
  static final int COMMANDS = 20;
  static final int PER_COMMAND = 5;

  static final String LATENCY = "300ms-5s";
  static final Duration LINGER = Duration.ofMillis(200);

  /** The completion poller's calls, at most, in percent of the baseline's. */
  static final int RATIO_PERCENT = 40;

  private static final String FLEET =
      """
      instances:
        - count: 100
          namePrefix: spread
          mode: simulated
          latency: %s
      """
          .formatted(LATENCY);

  private static ObservedSsm observed;

  @RegisterExtension
  static final SimulatorFixture<CommandActivities> FIXTURE =
      new SimulatorFixture<>(
          FLEET,
          CommandActivities.class,
          sim -> {
            if (observed == null) {
              observed = new ObservedSsm(sim);
            }
            return new CommandActivitiesImpl(observed.client());
          });

  @BeforeEach
  void resetCounts() {
    observed.reset();
  }

  @AfterAll
  static void closeClient() {
    observed.close();
    observed = null;
  }

  /** One await call: pending commands (their instances) to the invocations seen to end. */
  interface Await {
    List<InvocationOutcome> await(Map<String, Set<String>> pending, long sentAfterMillis);
  }

  /** The activity, called the way a workflow calls it. */
  static Await activity(CommandActivities activities) {
    return (pending, sentAfter) -> {
      List<PendingCommand> request = new ArrayList<>();
      pending.forEach((id, ids) -> request.add(new PendingCommand(id, List.copyOf(ids))));
      return activities
          .awaitInvocations(new AwaitRequest(request, Duration.ofSeconds(10), LINGER, sentAfter))
          .finished();
    };
  }

  /** Waits as a workflow does, until every invocation ended; answers the await calls made. */
  static int awaitAll(
      Await await,
      List<SentCommand> sent,
      Map<String, InvocationOutcome> outcomes,
      Duration bound) {
    Map<String, Set<String>> pending = new LinkedHashMap<>();
    long sentAfter = Long.MAX_VALUE;
    for (SentCommand c : sent) {
      pending.put(c.commandId(), new LinkedHashSet<>(c.instanceIds()));
      sentAfter = Math.min(sentAfter, c.requestedAtMillis());
    }
    int calls = 0;
    long end = System.nanoTime() + bound.toNanos();
    while (!pending.isEmpty()) {
      assertThat(System.nanoTime()).as("all invocations end within %s", bound).isLessThan(end);
      Map<String, Set<String>> request = new LinkedHashMap<>();
      pending.forEach((id, ids) -> request.put(id, new LinkedHashSet<>(ids)));
      calls++;
      for (InvocationOutcome o : await.await(request, sentAfter)) {
        assertThat(pending.get(o.commandId()).remove(o.instanceId()))
            .as("%s reported once", o.instanceId())
            .isTrue();
        outcomes.put(o.instanceId(), o);
        if (pending.get(o.commandId()).isEmpty()) {
          pending.remove(o.commandId());
        }
      }
    }
    return calls;
  }

  private static List<SentCommand> sendSpread(String prefix, String line) {
    List<SentCommand> sent = new ArrayList<>();
    for (int c = 0; c < COMMANDS; c++) {
      int first = c * PER_COMMAND + 1;
      List<String> ids =
          IntStream.range(first, first + PER_COMMAND)
              .mapToObj(i -> FIXTURE.id(prefix + "-" + i))
              .toList();
      sent.addAll(
          FIXTURE
              .activities()
              .sendShellCommand(
                  new SendCommandRequest(
                      UUID.randomUUID().toString(), "cost", ids, List.of(line), 60, 30))
              .commands());
    }
    return sent;
  }

  @Test
  void spreadCompletionsCostFarFewerCallsThanOneInvocationListPerCommandPerPoll() {
    List<SentCommand> sent = sendSpread("spread", "echo spread");
    observed.reset();
    // What one ListCommandInvocations per pending command per poll would cost at the same
    // polls: each call's polls (one listing page each) times the commands it waits for.
    int[] baseline = {0};
    Await counted =
        (pending, sentAfter) -> {
          int polls = observed.calls(ObservedSsm.LISTING);
          List<InvocationOutcome> out = activity(FIXTURE.activities()).await(pending, sentAfter);
          baseline[0] += (observed.calls(ObservedSsm.LISTING) - polls) * pending.size();
          return out;
        };
    Map<String, InvocationOutcome> outcomes = new HashMap<>();
    int awaits = awaitAll(counted, sent, outcomes, Duration.ofSeconds(60));

    assertThat(outcomes).hasSize(COMMANDS * PER_COMMAND);
    assertThat(outcomes.values())
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS));
    int total = observed.total();
    System.out.printf(
        "await of %d commands x %d instances, latency %s: %d awaits, calls %s"
            + " (%.3f per instance-step); one list per command per poll: %d calls%n",
        COMMANDS,
        PER_COMMAND,
        LATENCY,
        awaits,
        observed.calls(),
        total / (double) (COMMANDS * PER_COMMAND),
        baseline[0]);
    assertThat(total).isLessThan(baseline[0] * RATIO_PERCENT / 100);
    // Each await reads each command's invocations at most once.
    assertThat(observed.calls("ListCommandInvocations")).isLessThanOrEqualTo(awaits * COMMANDS);
  }

  @Test
  void aCommandListCommandsDoesNotShowYetIsStillPending() {
    observed.listCommandsLag(Duration.ofMillis(1500));
    List<SentCommand> sent = sendSpread("spread", "echo lagging");

    Map<String, InvocationOutcome> outcomes = new HashMap<>();
    awaitAll(activity(FIXTURE.activities()), sent, outcomes, Duration.ofSeconds(60));

    assertThat(outcomes).hasSize(COMMANDS * PER_COMMAND);
    assertThat(outcomes.values())
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS));
  }
}
