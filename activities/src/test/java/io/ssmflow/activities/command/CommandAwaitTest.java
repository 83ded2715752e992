package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.AwaitResult;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Waiting: outcomes as SSM reports them, early return, cancellation. */
class CommandAwaitTest {
  private static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: fast
          mode: simulated
          latency: 100ms
        - name: slow
          mode: simulated
          latency: 100ms
          faults:
            - {match: slow-marker, latency: 60s}
        - count: 2
          namePrefix: shell
          mode: shell
        - name: lost
          mode: simulated
          pingStatus: ConnectionLost
        - name: inactive
          mode: simulated
          pingStatus: Inactive
      """;

  @RegisterExtension
  static final SimulatorFixture<CommandActivities> FIXTURE =
      new SimulatorFixture<>(
          FLEET, CommandActivities.class, sim -> new CommandActivitiesImpl(sim.ssm()));

  private String send(List<String> instanceIds, int executionTimeout, String... lines) {
    return CommandTesting.only(
        FIXTURE
            .activities()
            .sendShellCommand(
                new SendCommandRequest(
                    UUID.randomUUID().toString(),
                    "await test",
                    instanceIds,
                    List.of(lines),
                    executionTimeout,
                    30)));
  }

  private InvocationOutcome runOn(String name, int executionTimeout, String... lines) {
    String id = FIXTURE.id(name);
    String commandId = send(List.of(id), executionTimeout, lines);
    return CommandTesting.awaitAll(
            FIXTURE.activities(), commandId, List.of(id), Duration.ofSeconds(40))
        .get(id);
  }

  /** One awaitInvocations over one command's invocations on these instances. */
  private static AwaitResult await(
      String commandId, List<String> instanceIds, Duration maxWait, Duration linger) {
    return FIXTURE
        .activities()
        .awaitInvocations(
            new AwaitRequest(List.of(new PendingCommand(commandId, instanceIds)), maxWait, linger));
  }

  @Test
  void fastInstancesComeBackWhileASlowOneIsStillRunning() {
    List<String> fast = List.of(FIXTURE.id("fast-1"), FIXTURE.id("fast-2"), FIXTURE.id("fast-3"));
    String slow = FIXTURE.id("slow");
    List<String> all = List.of(fast.get(0), fast.get(1), fast.get(2), slow);
    String commandId = send(all, 120, "echo slow-marker");

    long start = System.nanoTime();
    AwaitResult first = await(commandId, all, Duration.ofSeconds(30), Duration.ofMillis(500));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(first.finished())
        .extracting(InvocationOutcome::instanceId)
        .containsExactlyInAnyOrderElementsOf(fast);
    assertThat(first.finished())
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS));
    assertThat(took).isLessThan(Duration.ofSeconds(10));

    // The slow one is still running; cancelling it ends its invocation as Cancelled.
    FIXTURE.activities().cancelCommand(commandId, List.of(slow));
    FIXTURE.activities().cancelCommand(commandId, List.of(slow));
    InvocationOutcome cancelled =
        CommandTesting.awaitAll(
                FIXTURE.activities(), commandId, List.of(slow), Duration.ofSeconds(20))
            .get(slow);
    assertThat(cancelled.status()).isEqualTo(InvocationStatus.CANCELLED);
    assertThat(cancelled.responseCode()).isEqualTo(-1);
  }

  @Test
  void aCommandThatEndedEverywhereIsNotLingeredOn() {
    List<String> fast = List.of(FIXTURE.id("fast-1"), FIXTURE.id("fast-2"));
    String commandId = send(fast, 60, "echo both");
    long start = System.nanoTime();
    // A 10 s linger: once ListCommands shows the command ended on both, nothing more can come.
    AwaitResult r = await(commandId, fast, Duration.ofSeconds(30), Duration.ofSeconds(10));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.finished()).hasSize(2);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void nothingFinishedAnswersEmptyAtMaxWait() {
    String slow = FIXTURE.id("slow");
    String commandId = send(List.of(slow), 120, "echo slow-marker");
    try {
      long start = System.nanoTime();
      AwaitResult r =
          await(commandId, List.of(slow), Duration.ofSeconds(1), Duration.ofMillis(100));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.finished()).isEmpty();
      assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    } finally {
      FIXTURE.activities().cancelCommand(commandId, List.of());
    }
  }

  @Test
  void realStdoutTailFromAShellInstance() {
    InvocationOutcome o = runOn("shell-1", 60, "echo \"hello from $INSTANCE_ID\"");

    assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS);
    assertThat(o.responseCode()).isZero();
    assertThat(o.outputTail()).contains("hello from " + FIXTURE.id("shell-1"));
  }

  @Test
  void longOutputKeepsOnlyTheTail() {
    InvocationOutcome o =
        runOn("shell-1", 60, "i=0; while [ $i -lt 200 ]; do echo line-$i; i=$((i+1)); done");

    assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS);
    assertThat(o.outputTail())
        .hasSize(InvocationOutcome.MAX_OUTPUT_TAIL)
        .contains("line-199")
        .doesNotContain("line-0\n");
  }

  @Test
  void nonZeroExitIsFailedWithItsResponseCode() {
    InvocationOutcome o = runOn("shell-2", 60, "echo working", "echo broken-config >&2", "exit 3");

    assertThat(o.status()).isEqualTo(InvocationStatus.FAILED);
    assertThat(o.status().countsAsError()).isTrue();
    assertThat(o.responseCode()).isEqualTo(3);
    assertThat(o.outputTail()).contains("broken-config");
  }

  @Test
  void runningPastExecutionTimeoutIsTimedOut() {
    InvocationOutcome o = runOn("shell-2", 1, "sleep 20");

    assertThat(o.status()).isEqualTo(InvocationStatus.TIMED_OUT);
    assertThat(o.status().countsAsError()).isTrue();
    assertThat(o.statusDetails()).isEqualTo("ExecutionTimedOut");
    assertThat(o.responseCode()).isEqualTo(-1);
  }

  @Test
  void anOfflineAgentEndsDeliveryTimedOutWhichIsNoError() {
    // The simulator compresses delivery timeouts: the minimum 30 s becomes 1.5 s.
    FIXTURE.sim().admin("POST", "/_sim/commands/settings", "{\"timeoutScale\": 0.05}");
    try {
      InvocationOutcome o = runOn("lost", 60, "echo never-runs");

      assertThat(o.status()).isEqualTo(InvocationStatus.DELIVERY_TIMED_OUT);
      assertThat(o.status().countsAsError()).isFalse();
      assertThat(o.statusDetails()).isEqualTo("DeliveryTimedOut");
      assertThat(o.responseCode()).isEqualTo(-1);
    } finally {
      FIXTURE.sim().admin("POST", "/_sim/commands/settings", "{\"timeoutScale\": 1.0}");
    }
  }

  @Test
  void anInactiveAgentIsUndeliverableWhichIsNoError() {
    InvocationOutcome o = runOn("inactive", 60, "echo never-runs");

    assertThat(o.status()).isEqualTo(InvocationStatus.UNDELIVERABLE);
    assertThat(o.status().countsAsError()).isFalse();
    assertThat(o.statusDetails()).isEqualTo("Undeliverable");
  }

  @Test
  void cancellingTheActivityStopsPollingPromptly() throws Exception {
    String slow = FIXTURE.id("slow");
    String commandId = send(List.of(slow), 120, "echo slow-marker");
    try {
      // A short heartbeat timeout: heartbeats (and so cancellation) flow every ~0.8 s.
      CommandActivities waiting =
          FIXTURE
              .env()
              .newActivityStub(
                  CommandActivities.class,
                  ActivityOptions.newBuilder(ActivityTesting.OPTIONS)
                      .setHeartbeatTimeout(Duration.ofSeconds(1))
                      .build());
      CompletableFuture<AwaitResult> call =
          CompletableFuture.supplyAsync(
              () ->
                  waiting.awaitInvocations(
                      new AwaitRequest(
                          List.of(new PendingCommand(commandId, List.of(slow))),
                          Duration.ofSeconds(60),
                          Duration.ZERO)));
      Thread.sleep(1000);
      long start = System.nanoTime();
      FIXTURE.env().requestCancelActivity();

      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(CanceledFailure.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    } finally {
      FIXTURE.activities().cancelCommand(commandId, List.of());
    }
  }
}
