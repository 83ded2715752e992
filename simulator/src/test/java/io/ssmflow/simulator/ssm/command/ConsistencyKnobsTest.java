package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.errorCode;
import static io.ssmflow.simulator.ssm.command.CommandTesting.id;
import static io.ssmflow.simulator.ssm.command.CommandTesting.shell;
import static io.ssmflow.simulator.ssm.command.CommandTesting.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.Simulator;
import io.ssmflow.simulator.SimulatorConfig;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.FleetFile;
import io.ssmflow.simulator.fleet.FleetFileException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.Command;

/**
 * The listVisibilityDelay knob (ListCommands and ListCommandInvocations lag behind SendCommand) and
 * the sendCommandResponseDelay knob (the command runs while its answer is held), set through the
 * admin API and the fleet file.
 */
class ConsistencyKnobsTest {
  private static final String FLEET =
      """
      instances:
        - count: 2
          namePrefix: ck
          mode: simulated
          latency: 10ms
      """;
  private TestSimulator sim;

  @BeforeEach
  void start() {
    sim = TestSimulator.start(FLEET);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void aNewCommandIsMissingFromTheListViewsForTheLag() {
    sim.admin("POST", "/_sim/knobs", "{\"listVisibilityDelay\": \"2s\"}");
    String ck1 = id(sim, "ck-1");
    long sent = System.nanoTime();
    String cid = shell(sim.ssm(), List.of(ck1), "true");
    assertThat(sim.ssm().listCommands(b -> b.instanceId(ck1)).commands())
        .extracting(Command::commandId)
        .doesNotContain(cid);
    assertThat(errorCode(() -> sim.ssm().listCommands(b -> b.commandId(cid))))
        .isEqualTo("InvalidCommandId");
    assertThat(sim.ssm().listCommandInvocations(b -> b.commandId(cid)).commandInvocations())
        .isEmpty();
    // GetCommandInvocation follows its own knob (invocationVisibilityDelay, 0 here).
    assertThat(sim.ssm().getCommandInvocation(b -> b.commandId(cid).instanceId(ck1)).commandId())
        .isEqualTo(cid);
    assertThat((System.nanoTime() - sent) / 1_000_000)
        .as("checked within the lag")
        .isLessThan(2000);

    sleep(Math.max(0, 2050 - (System.nanoTime() - sent) / 1_000_000));
    assertThat(sim.ssm().listCommands(b -> b.instanceId(ck1)).commands())
        .extracting(Command::commandId)
        .contains(cid);
    assertThat(await(sim.ssm(), cid).statusAsString()).isEqualTo("Success");
    assertThat(sim.ssm().listCommandInvocations(b -> b.commandId(cid)).commandInvocations())
        .hasSize(1);
    assertThat(sim.admin("GET", "/_sim/knobs").get("listVisibilityDelayMs").asLong())
        .isEqualTo(2000);
  }

  @Test
  void aHeldAnswerIsListedWhileTheCommandAlreadyRuns() throws Exception {
    sim.admin("POST", "/_sim/knobs", "{\"sendCommandResponseDelay\": \"3s\"}");
    String ck2 = id(sim, "ck-2");
    long sent = System.nanoTime();
    CompletableFuture<String> answer =
        CompletableFuture.supplyAsync(() -> shell(sim.ssm(), List.of(ck2), "echo held"));
    JsonNode held = awaitHeld();
    String cid = held.get("held").get(0).get("commandId").asText();
    assertThat(held.get("delayMs").asLong()).isEqualTo(3000);
    assertThat(held.get("held").get(0).get("targetCount").asInt()).isEqualTo(1);
    assertThat(answer).isNotDone();
    // The command exists and runs before its caller learns its id.
    while (sim.admin("GET", "/_sim/runs").get("runs").asLong() < 1) {
      assertThat(answer).as("ran while the answer was held").isNotDone();
      sleep(10);
    }
    assertThat(sim.ssm().listCommands(b -> b.commandId(cid)).commands()).hasSize(1);

    assertThat(answer.get()).isEqualTo(cid);
    assertThat((System.nanoTime() - sent) / 1_000_000).isGreaterThanOrEqualTo(3000);
    JsonNode after = sim.admin("GET", "/_sim/commands/held-responses");
    assertThat(after.get("held")).isEmpty();
    assertThat(after.get("heldTotal").asLong()).isEqualTo(1);
    assertThat(after.get("releasedTotal").asLong()).isEqualTo(1);
  }

  private JsonNode awaitHeld() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      JsonNode held = sim.admin("GET", "/_sim/commands/held-responses");
      if (held.get("held").size() > 0) {
        return held;
      }
      assertThat(System.nanoTime()).as("an answer held").isLessThan(deadline);
      sleep(5);
    }
  }

  @Test
  void knobsComeFromTheFleetFile() throws Exception {
    String fleet =
        FLEET
            + """
        knobs:
          listVisibilityDelay: 250ms
          sendCommandResponseDelay: 1s
          tps: {SendCommand: 20}
        """;
    try (Simulator s = Simulator.start(SimulatorConfig.ephemeral(fleet))) {
      assertThat(s.knobs().listVisibilityDelay().toMillis()).isEqualTo(250);
      assertThat(s.knobs().sendCommandResponseDelay().toMillis()).isEqualTo(1000);
      assertThat(s.knobs().tpsLimits()).containsEntry("SendCommand", 20.0);
    }
    sim.admin(
        "POST",
        "/_sim/fleet",
        """
        instances: []
        knobs: {invocationVisibilityDelay: 2s}
        """);
    assertThat(sim.admin("GET", "/_sim/knobs").get("invocationVisibilityDelayMs").asLong())
        .isEqualTo(2000);
  }

  @Test
  void badKnobsAreRefusedWithTheirName() {
    assertThatThrownBy(
            () -> FleetFile.parse("instances: []\nknobs:\n  listVisibilityDelay: soon\n", "f.yaml"))
        .isInstanceOf(FleetFileException.class)
        .hasMessageStartingWith("f.yaml:3: knob listVisibilityDelay: 'soon' is not a duration");
    assertThatThrownBy(() -> FleetFile.parse("instances: []\nknobs:\n  visibility: 1s\n", "f.yaml"))
        .hasMessageStartingWith("f.yaml:3: unknown knob 'visibility'");
    assertThatThrownBy(
            () -> FleetFile.parse("instances: []\nknobs:\n  tps: {SendCommand: -1}\n", "f.yaml"))
        .hasMessageStartingWith("f.yaml:3: knob tps.SendCommand must be a number");
    assertThatThrownBy(() -> sim.admin("POST", "/_sim/knobs", "{\"listVisibility\": \"1s\"}"))
        .hasMessageContaining("unknown knob 'listVisibility'");
    assertThat(sim.admin("GET", "/_sim/knobs").get("listVisibilityDelayMs").asLong()).isZero();
  }
}
