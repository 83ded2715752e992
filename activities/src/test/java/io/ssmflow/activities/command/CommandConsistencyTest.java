package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SSM's eventual consistency and throttling do not break waiting. */
class CommandConsistencyTest {
  private static final String FLEET =
      """
      instances:
        - count: 6
          namePrefix: node
          mode: simulated
          latency: 100ms
      """;

  @RegisterExtension
  static final SimulatorFixture<CommandActivities> FIXTURE =
      new SimulatorFixture<>(
          FLEET, CommandActivities.class, sim -> new CommandActivitiesImpl(sim.ssm()));

  @AfterEach
  void resetKnobs() {
    FIXTURE
        .sim()
        .admin(
            "POST",
            "/_sim/knobs",
            "{\"invocationVisibilityDelay\": \"0s\","
                + " \"tps\": {\"ListCommandInvocations\": 0, \"ListCommands\": 0,"
                + " \"SendCommand\": 0}}");
  }

  @Test
  void invocationsThatDoNotExistYetCountAsPending() {
    FIXTURE.sim().admin("POST", "/_sim/knobs", "{\"invocationVisibilityDelay\": \"1s\"}");
    List<String> three = List.of(FIXTURE.id("node-1"), FIXTURE.id("node-2"), FIXTURE.id("node-3"));
    String commandId =
        CommandTesting.only(
            FIXTURE
                .activities()
                .sendShellCommand(
                    new SendCommandRequest(
                        UUID.randomUUID().toString(),
                        "visibility",
                        three,
                        List.of("echo hi"),
                        60,
                        30)));

    Map<String, InvocationOutcome> outcomes =
        CommandTesting.awaitAll(FIXTURE.activities(), commandId, three, Duration.ofSeconds(30));

    assertThat(outcomes).containsOnlyKeys(three);
    assertThat(outcomes.values())
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS));
  }

  @Test
  void throttledPollingBacksOffAndStillCompletes() {
    FIXTURE
        .sim()
        .admin(
            "POST",
            "/_sim/knobs",
            "{\"tps\": {\"ListCommandInvocations\": 2, \"ListCommands\": 2}}");
    List<PendingCommand> pending = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      String id = FIXTURE.id("node-" + i);
      String commandId =
          CommandTesting.only(
              FIXTURE
                  .activities()
                  .sendShellCommand(
                      new SendCommandRequest(
                          UUID.randomUUID().toString(),
                          "throttle",
                          List.of(id),
                          List.of("echo hi"),
                          60,
                          30)));
      pending.add(new PendingCommand(commandId, List.of(id)));
    }

    Map<String, InvocationOutcome> outcomes = new HashMap<>();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (outcomes.size() < 6 && System.nanoTime() < end) {
      List<PendingCommand> still =
          pending.stream().filter(p -> !outcomes.containsKey(p.instanceIds().get(0))).toList();
      FIXTURE
          .activities()
          .awaitInvocations(new AwaitRequest(still, Duration.ofSeconds(20), Duration.ofSeconds(1)))
          .finished()
          .forEach(o -> outcomes.put(o.instanceId(), o));
    }

    assertThat(outcomes).hasSize(6);
    assertThat(outcomes.values())
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(InvocationStatus.SUCCESS));
  }

  @Test
  void throttledSendsAreResentWithoutDuplicates() {
    FIXTURE.sim().admin("POST", "/_sim/knobs", "{\"tps\": {\"SendCommand\": 1}}");
    String node = FIXTURE.id("node-4");
    List<String> keys = new ArrayList<>();
    List<String> commandIds = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String key = UUID.randomUUID().toString();
      keys.add(key);
      commandIds.add(
          CommandTesting.only(
              FIXTURE
                  .activities()
                  .sendShellCommand(
                      new SendCommandRequest(
                          key, "throttled send", List.of(node), List.of("echo hi"), 60, 30))));
    }

    assertThat(commandIds).doesNotHaveDuplicates();
    List<String> comments =
        FIXTURE.sim().ssm().listCommandsPaginator(b -> b.instanceId(node)).commands().stream()
            .map(c -> c.comment())
            .toList();
    for (String key : keys) {
      assertThat(comments.stream().filter(c -> CommandComments.matches(c, key))).hasSize(1);
    }
  }
}
