package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /_sim/runs and /_sim/instances/{id}/runs: how many times instances ran each command. */
class RunTotalsTest {
  private static final String FLEET =
      """
      instances:
        - count: 6
          namePrefix: rt
          mode: simulated
          latency: 5ms
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

  private String send(List<String> instanceIds, String comment) {
    String id =
        sim.ssm()
            .sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(instanceIds)
                        .comment(comment)
                        .parameters(Map.of("commands", List.of("echo " + comment))))
            .command()
            .commandId();
    await(sim.ssm(), id);
    return id;
  }

  @Test
  void stepsGroupUnderTheirLabelAcrossBatchesAndARepeatIsFlagged() {
    List<String> all = ids(sim, "rt-1", "rt-2", "rt-3", "rt-4", "rt-5", "rt-6");
    // Two batches per step, each with its own idempotency marker, as ssmflow sends them.
    send(all.subList(0, 3), "ssmflow:0123456789ab deploy shop 2.0.0 install");
    send(all.subList(3, 6), "ssmflow:ba9876543210 deploy shop 2.0.0 install");
    send(all.subList(0, 4), "ssmflow:aaaaaaaaaaaa deploy shop 2.0.0 start");
    send(all.subList(4, 6), "ssmflow:bbbbbbbbbbbb deploy shop 2.0.0 start");
    JsonNode runs = sim.admin("GET", "/_sim/runs");
    assertThat(runs.get("runs").asLong()).isEqualTo(12);
    assertThat(runs.get("instances").asInt()).isEqualTo(6);
    JsonNode install = runs.get("labels").get("deploy shop 2.0.0 install");
    assertThat(install.get("instances").asInt()).isEqualTo(6);
    assertThat(install.get("runs").asLong()).isEqualTo(6);
    assertThat(install.get("maxPerInstance").asInt()).isEqualTo(1);
    assertThat(runs.get("labels").size()).isEqualTo(2);
    assertThat(runs.get("repeated").get("count").asLong()).isZero();

    // The same command key sent again (a duplicate send) and the same step under a new key.
    send(all.subList(0, 1), "ssmflow:0123456789ab deploy shop 2.0.0 install");
    send(all.subList(5, 6), "ssmflow:cccccccccccc deploy shop 2.0.0 start");
    runs = sim.admin("GET", "/_sim/runs");
    install = runs.get("labels").get("deploy shop 2.0.0 install");
    assertThat(install.get("maxPerInstance").asInt()).isEqualTo(2);
    assertThat(install.get("instancesMoreThanOnce").asInt()).isEqualTo(1);
    JsonNode start = runs.get("labels").get("deploy shop 2.0.0 start");
    assertThat(start.get("instancesMoreThanOnce").asInt()).isEqualTo(1);
    assertThat(runs.get("repeated").get("count").asLong()).isEqualTo(1);
    JsonNode example = runs.get("repeated").get("examples").get(0);
    assertThat(example.get("instanceId").asText()).isEqualTo(all.get(0));
    assertThat(example.get("comment").asText())
        .isEqualTo("ssmflow:0123456789ab deploy shop 2.0.0 install");
    assertThat(example.get("runs").asInt()).isEqualTo(2);

    JsonNode first = sim.admin("GET", "/_sim/instances/rt-1/runs");
    assertThat(first.get("instanceId").asText()).isEqualTo(all.get(0));
    assertThat(first.get("runs").asLong()).isEqualTo(3);
    JsonNode byComment = first.get("byComment");
    assertThat(byComment.get("ssmflow:0123456789ab deploy shop 2.0.0 install").asInt())
        .isEqualTo(2);
    assertThat(byComment.get("ssmflow:aaaaaaaaaaaa deploy shop 2.0.0 start").asInt()).isEqualTo(1);
  }

  @Test
  void aCommandWithoutCommentCountsUnderItsDocument() {
    String id =
        sim.ssm()
            .sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(ids(sim, "rt-1"))
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    await(sim.ssm(), id);
    assertThat(
            sim.admin("GET", "/_sim/runs")
                .get("labels")
                .get("AWS-RunShellScript")
                .get("runs")
                .asLong())
        .isEqualTo(1);
  }

  @Test
  void totalsOutliveTheRetainedCommandsAndResetWithTheStats() {
    sim.admin("POST", "/_sim/commands/settings", "{\"maxCommands\": 2}");
    List<String> two = ids(sim, "rt-1", "rt-2");
    for (int i = 0; i < 10; i++) {
      send(two, "ssmflow:00000000000" + i + " step " + i);
    }
    sim.ssm().listCommands(b -> {});
    JsonNode recent = sim.admin("GET", "/_sim/commands?limit=0");
    assertThat(recent.get("retainedCommands").asInt()).isLessThanOrEqualTo(3);
    JsonNode runs = sim.admin("GET", "/_sim/runs");
    assertThat(runs.get("runs").asLong()).isEqualTo(20);
    assertThat(runs.get("labels").size()).isEqualTo(10);

    sim.admin("POST", "/_sim/stats/reset");
    runs = sim.admin("GET", "/_sim/runs");
    assertThat(runs.get("runs").asLong()).isZero();
    assertThat(runs.get("labels").size()).isZero();
  }

  @Test
  void labelsDropOnlyAnIdempotencyMarker() {
    assertThat(RunTotals.label("ssmflow:0123456789ab patch Install install"))
        .isEqualTo("patch Install install");
    assertThat(RunTotals.label("compat run 7")).isEqualTo("compat run 7");
    assertThat(RunTotals.label("wf-1/step-1/batch-0")).isEqualTo("wf-1/step-1/batch-0");
    assertThat(RunTotals.label("note: deploy")).isEqualTo("note: deploy");
    assertThat(RunTotals.label("ssmflow:0123456789ab")).isEqualTo("ssmflow:0123456789ab");
  }
}
