package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.ActivityRetries;
import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.AwaitResult;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult;
import io.ssmflow.workflows.command.SendResult.RejectedInstance;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retried sends, with real activity attempts ({@link ActivityRetries}): the first attempt's worker
 * "dies" before or after its SendCommand, and the retry must neither lose nor duplicate the
 * command, even while ListCommands lags behind SendCommand.
 */
class CommandRetryTest {
  private static final String FLEET =
      """
      instances:
        - count: 4
          namePrefix: node
          mode: simulated
          latency: 100ms
      """;

  private static TestSimulator sim;
  private static ObservedSsm observed;
  private static Map<String, String> ids;
  private ActivityRetries retries;
  private FlakyWorker worker;

  /** Where the first attempt's worker dies. */
  enum Death {
    BEFORE_SEND,
    AFTER_SEND
  }

  /** The real activities, with a first attempt whose worker dies. */
  static final class FlakyWorker implements CommandActivities {
    final CommandActivitiesImpl real;
    final Death death;
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    volatile SendResult firstAnswer;

    FlakyWorker(CommandActivitiesImpl real, Death death) {
      this.real = real;
      this.death = death;
    }

    @Override
    public SendResult sendShellCommand(SendCommandRequest request) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      attempts.add(attempt);
      if (attempt == 1 && death == Death.BEFORE_SEND) {
        throw new IllegalStateException("test: the worker died before SendCommand");
      }
      SendResult answer = real.sendShellCommand(request);
      if (attempt == 1) {
        firstAnswer = answer;
        throw new IllegalStateException("test: the worker died after SendCommand");
      }
      return answer;
    }

    @Override
    public SendResult sendPatchBaseline(PatchBaselineRequest request) {
      return real.sendPatchBaseline(request);
    }

    @Override
    public AwaitResult awaitInvocations(AwaitRequest request) {
      return real.awaitInvocations(request);
    }

    @Override
    public void cancelCommand(String commandId, List<String> instanceIds) {
      real.cancelCommand(commandId, instanceIds);
    }
  }

  @BeforeAll
  static void startSimulator() {
    sim = TestSimulator.start(FLEET);
    observed = new ObservedSsm(sim);
    ids = ActivityTesting.idsByName(sim);
  }

  @AfterAll
  static void stopSimulator() {
    observed.close();
    sim.close();
  }

  @BeforeEach
  void resetCounts() {
    observed.reset();
  }

  @AfterEach
  void stopTemporal() {
    if (retries != null) {
      retries.close();
    }
  }

  private SendResult sendThroughRetries(Death death, SendCommandRequest request) {
    worker = new FlakyWorker(new CommandActivitiesImpl(observed.client()), death);
    retries = new ActivityRetries(worker);
    return retries.call("SendShellCommand", request, SendResult.class);
  }

  /** The commands SSM holds for an instance with the key's marker (read without lag). */
  private static long marked(String instanceId, String key) {
    return sim.ssm().listCommandsPaginator(b -> b.instanceId(instanceId)).commands().stream()
        .filter(c -> CommandComments.matches(c.comment(), key))
        .count();
  }

  private static int runs(String instanceId, String line) {
    return sim.admin("GET", "/_sim/instances/" + instanceId + "/commands")
        .path("counts")
        .path(line)
        .asInt();
  }

  @Test
  void aRetryFindsTheCommandItsFirstAttemptSentThoughListCommandsLagsBehind() {
    observed.listCommandsLag(Duration.ofSeconds(2));
    List<String> two = List.of(ids.get("node-1"), ids.get("node-2"));
    String key = "wf-retry/" + UUID.randomUUID() + "/s1/b1";

    SendResult result =
        sendThroughRetries(
            Death.AFTER_SEND,
            new SendCommandRequest(
                key, "retry after send", two, List.of("echo retried-after-send"), 60, 30));

    assertThat(worker.attempts).containsExactly(1, 2);
    assertThat(result).isEqualTo(worker.firstAnswer);
    assertThat(observed.calls("SendCommand")).isEqualTo(1);
    // The first lookups saw nothing (the lag hid the command); a later one found it.
    assertThat(observed.calls("ListCommands")).isGreaterThanOrEqualTo(2);
    for (String id : two) {
      assertThat(marked(id, key)).isEqualTo(1);
    }
    var activities = ActivityTesting.environment(new CommandActivitiesImpl(sim.ssm()));
    try {
      CommandTesting.awaitAll(
          ActivityTesting.stub(activities, CommandActivities.class),
          CommandTesting.only(result),
          two,
          Duration.ofSeconds(20));
    } finally {
      activities.close();
    }
    for (String id : two) {
      assertThat(runs(id, "echo retried-after-send")).isEqualTo(1);
    }
  }

  @Test
  void aRetryWhoseFirstAttemptNeverSentLooksUntilTheLagBoundThenSendsOnce() {
    observed.listCommandsLag(Duration.ofSeconds(2));
    String node = ids.get("node-3");
    String key = "wf-retry/" + UUID.randomUUID() + "/s1/b1";
    long start = System.nanoTime();

    SendResult result =
        sendThroughRetries(
            Death.BEFORE_SEND,
            new SendCommandRequest(
                key,
                "retry before send",
                List.of(node),
                List.of("echo retried-before-send"),
                60,
                30));

    assertThat(worker.attempts).containsExactly(1, 2);
    CommandTesting.only(result);
    assertThat(observed.calls("SendCommand")).isEqualTo(1);
    // Probes at 0, 0.5, 1.5, 3.5 and 7.5 s after the retry started, then the send.
    assertThat(observed.calls("ListCommands")).isEqualTo(5);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(SendAttempt.LAG_BOUND)
        .isLessThan(Duration.ofSeconds(15));
    assertThat(marked(node, key)).isEqualTo(1);
  }

  @Test
  void aRetryOfABatchResentWithoutATerminatedInstanceFindsTheResentPart() {
    List<String> batch = List.of(CommandSendTest.TERMINATED, ids.get("node-4"), ids.get("node-1"));
    String key = "wf-retry/" + UUID.randomUUID() + "/s2/b1";

    SendResult result =
        sendThroughRetries(
            Death.AFTER_SEND,
            new SendCommandRequest(
                key, "retry refused", batch, List.of("echo retried-refused"), 60, 30));

    assertThat(worker.attempts).containsExactly(1, 2);
    assertThat(result.commands()).isEqualTo(worker.firstAnswer.commands());
    assertThat(result.commands())
        .singleElement()
        .satisfies(
            c -> assertThat(c.instanceIds()).containsExactly(ids.get("node-4"), ids.get("node-1")));
    assertThat(result.rejected())
        .extracting(RejectedInstance::instanceId)
        .containsExactly(CommandSendTest.TERMINATED);
    assertThat(marked(ids.get("node-4"), key)).isEqualTo(1);
    assertThat(marked(ids.get("node-1"), key)).isEqualTo(1);
  }
}
