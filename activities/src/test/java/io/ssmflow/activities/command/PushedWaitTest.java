package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.activities.command.push.CompletionFeed;
import io.ssmflow.activities.command.push.CompletionPush;
import io.ssmflow.activities.command.push.PushSettings;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult.SentCommand;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Waits with completion push on, against the simulator through the SDK: the simulator's SSM
 * publishes every invocation end to an SNS topic, its SNS delivers signed messages to the worker's
 * receiver, and the wait takes successes from them without reading invocations; other ends are read
 * for their exit code and output; a lost notification is caught by the ListCommands check.
 */
class PushedWaitTest {
  private static final String FLEET =
      """
      instances:
        - count: 20
          namePrefix: web
          mode: simulated
          latency: 100ms-600ms
          faults:
            - {match: fail-marker, exitCode: 3}
      """;

  static TestSimulator sim;
  static ObservedSsm observed;
  static Map<String, String> ids;
  static String topicArn;
  CompletionPush push;
  TestActivityEnvironment env;
  CommandActivities activities;

  @BeforeAll
  static void simulator() {
    sim = TestSimulator.start(FLEET);
    ids = ActivityTesting.idsByName(sim);
    observed = new ObservedSsm(sim);
    topicArn = sim.sns().createTopic(b -> b.name("completions")).topicArn();
  }

  @AfterAll
  static void close() {
    observed.close();
    sim.close();
  }

  @BeforeEach
  void worker() {
    push =
        CompletionPush.start(
            new PushSettings(topicArn, "arn:aws:iam::123456789012:role/ssm-sns", null, null),
            sim.sns(),
            sim.endpoint());
    assertThat(push.live()).as("SNS confirmed the worker's subscription").isTrue();
    env = ActivityTesting.environment(new CommandActivitiesImpl(observed.client(), push));
    activities = ActivityTesting.stub(env, CommandActivities.class);
    observed.reset();
  }

  @AfterEach
  void stop() {
    env.close();
    push.close();
  }

  List<String> web(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> ids.get("web-" + i)).toList();
  }

  List<SentCommand> send(List<String> instances, String line) {
    return activities
        .sendShellCommand(
            new SendCommandRequest(
                UUID.randomUUID().toString(), "push", instances, List.of(line), 60, 30))
        .commands();
  }

  /** Awaits like a workflow until every invocation ended; answers the outcomes by instance. */
  Map<String, InvocationOutcome> awaitAll(List<SentCommand> sent) {
    Map<String, Set<String>> pending = new LinkedHashMap<>();
    long sentAfter = Long.MAX_VALUE;
    for (SentCommand c : sent) {
      pending.put(c.commandId(), new LinkedHashSet<>(c.instanceIds()));
      sentAfter = Math.min(sentAfter, c.requestedAtMillis());
    }
    Map<String, InvocationOutcome> out = new LinkedHashMap<>();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!pending.isEmpty()) {
      assertThat(System.nanoTime()).isLessThan(end);
      List<PendingCommand> request = new ArrayList<>();
      pending.forEach((id, is) -> request.add(new PendingCommand(id, List.copyOf(is))));
      for (InvocationOutcome o :
          activities
              .awaitInvocations(
                  new AwaitRequest(
                      request, Duration.ofSeconds(20), Duration.ofMillis(200), sentAfter))
              .finished()) {
        assertThat(pending.get(o.commandId()).remove(o.instanceId())).isTrue();
        out.put(o.instanceId(), o);
      }
      pending.values().removeIf(Set::isEmpty);
    }
    return out;
  }

  @Test
  void successesArePushedAndNeverRead() throws Exception {
    Thread.sleep(CompletionFeed.SKEW_MARGIN.toMillis() + 100); // commands within it are polled
    List<SentCommand> sent = new ArrayList<>();
    sent.addAll(send(web(1, 10), "echo one"));
    sent.addAll(send(web(11, 20), "echo two"));

    Map<String, InvocationOutcome> outcomes = awaitAll(sent);

    assertThat(outcomes).hasSize(20);
    assertThat(outcomes.values())
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS));
    assertThat(observed.calls("ListCommandInvocations")).as("no invocation read").isZero();
    assertThat(observed.calls("GetCommandInvocation")).isZero();
    assertThat(push.feed().received()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void aFailedEndIsReadForItsExitCodeAndOutput() throws Exception {
    Thread.sleep(CompletionFeed.SKEW_MARGIN.toMillis() + 100);
    List<SentCommand> sent = send(web(1, 4), "echo fail-marker");
    sent = new ArrayList<>(sent);
    sent.addAll(send(web(5, 8), "echo fine"));

    Map<String, InvocationOutcome> outcomes = awaitAll(sent);

    for (String id : web(1, 4)) {
      assertThat(outcomes.get(id).status()).isEqualTo(InvocationStatus.FAILED);
      assertThat(outcomes.get(id).responseCode()).isEqualTo(3);
    }
    for (String id : web(5, 8)) {
      assertThat(outcomes.get(id).status()).isEqualTo(InvocationStatus.SUCCESS);
    }
    assertThat(observed.calls("ListCommandInvocations"))
        .as("only the failed command is read")
        .isBetween(1, 3);
  }

  @Test
  void aWaitWhoseInvocationsAllEndedAnswersWithoutLingering() throws Exception {
    Thread.sleep(CompletionFeed.SKEW_MARGIN.toMillis() + 100);
    List<SentCommand> sent = new ArrayList<>(send(web(1, 1), "echo solo"));
    sent.addAll(send(web(2, 2), "echo fail-marker"));
    long start = System.nanoTime();
    List<InvocationOutcome> finished = new ArrayList<>();
    while (finished.size() < 2) {
      List<PendingCommand> request = new ArrayList<>();
      for (SentCommand c : sent) {
        if (finished.stream().noneMatch(o -> o.commandId().equals(c.commandId()))) {
          request.add(new PendingCommand(c.commandId(), c.instanceIds()));
        }
      }
      // A linger far longer than the instances' latency (100-600 ms): nothing is left to batch
      // once both have ended, so the wait answers then.
      finished.addAll(
          activities
              .awaitInvocations(
                  new AwaitRequest(
                      request,
                      Duration.ofSeconds(30),
                      Duration.ofSeconds(10),
                      sent.get(0).requestedAtMillis()))
              .finished());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(finished)
        .extracting(InvocationOutcome::status)
        .containsExactlyInAnyOrder(InvocationStatus.SUCCESS, InvocationStatus.FAILED);
    // The wait does not linger 10 s after the first end: it answers once the second has ended
    // (and the failed one was read), well within the linger.
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aWorkerStoppingRemovesItsSubscription() {
    CompletionPush other =
        CompletionPush.start(
            new PushSettings(topicArn, "arn:aws:iam::123456789012:role/ssm-sns", null, null),
            sim.sns(),
            sim.endpoint());
    String url = other.url().toString();
    assertThat(endpoints()).contains(url, push.url().toString());
    other.close();
    assertThat(endpoints()).doesNotContain(url).contains(push.url().toString());
    assertThat(other.live()).isFalse();
  }

  private static List<String> endpoints() {
    return sim.sns().listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions().stream()
        .map(s -> s.endpoint())
        .toList();
  }

  @Test
  void endsWhoseNotificationsAreLostAreFoundByTheListCommandsCheck() throws Exception {
    Thread.sleep(CompletionFeed.SKEW_MARGIN.toMillis() + 100);
    // The worker's endpoint goes away: SNS cannot deliver, but the feed still says it covers.
    CompletionPush deaf = push;
    var unsubscribed =
        sim.sns().listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions();
    for (var s : unsubscribed) {
      sim.sns().unsubscribe(b -> b.subscriptionArn(s.subscriptionArn()));
    }
    assertThat(deaf.live()).isTrue();
    long start = System.nanoTime();
    Map<String, InvocationOutcome> outcomes = awaitAll(send(web(1, 3), "echo lost"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcomes.values())
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS));
    assertThat(took).isGreaterThanOrEqualTo(PushedWait.SAFETY_CHECK.minusSeconds(1));
    assertThat(observed.calls("ListCommandInvocations")).isPositive();
  }
}
