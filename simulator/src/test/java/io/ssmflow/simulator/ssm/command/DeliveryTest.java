package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.id;
import static io.ssmflow.simulator.ssm.command.CommandTesting.sf;
import static io.ssmflow.simulator.ssm.command.CommandTesting.shell;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * Delivery to agents that are not there: Delayed while unreachable, DeliveryTimedOut when
 * TimeoutSeconds passes (not an error), Undeliverable for Inactive agents, agents lost mid-run.
 * TimeoutSeconds is compressed with the timeoutScale setting (30 s becomes 600 ms).
 */
class DeliveryTest {
  private static final String FLEET =
      """
      instances:
        - count: 4
          namePrefix: up
          mode: simulated
          latency: 30ms
        - name: down-1
          state: stopped
          mode: simulated
        - name: lost-1
          pingStatus: ConnectionLost
          mode: simulated
        - name: back-1
          pingStatus: ConnectionLost
          mode: simulated
        - name: dead-1
          pingStatus: Inactive
          mode: simulated
      """;
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ssm = sim.ssm();
    sim.admin("POST", "/_sim/commands/settings", "{\"timeoutScale\": 0.02}");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static GetCommandInvocationResponse result(String commandId, String instanceId) {
    return ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(instanceId));
  }

  private static String awaitInvocation(String commandId, String instanceId, String status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      String s = result(commandId, instanceId).statusAsString();
      if (s.equals(status)) {
        return s;
      }
      assertThat(System.nanoTime()).as("still %s", s).isLessThan(deadline);
      CommandTesting.sleep(20);
    }
  }

  @Test
  void inactiveAgentsAreUndeliverableAndDoNotCountAsErrors() {
    String dead = id(sim, "dead-1");
    String up = id(sim, "up-1");
    String mixed = shell(ssm, List.of(dead, up), "true");
    Command c = await(ssm, mixed);
    assertThat(c.statusAsString()).isEqualTo("Success");
    assertThat(c.errorCount()).isZero();
    GetCommandInvocationResponse r = result(mixed, dead);
    assertThat(r.statusAsString()).isEqualTo("Failed");
    assertThat(r.statusDetails()).isEqualTo("Undeliverable");
    assertThat(r.responseCode()).isEqualTo(-1);

    String only = shell(ssm, List.of(dead), "true");
    Command alone = await(ssm, only);
    assertThat(alone.statusAsString()).isEqualTo("Failed");
    assertThat(alone.errorCount()).isZero();
  }

  @Test
  void unreachableAgentsAreDelayedThenDeliveryTimedOut() {
    String down = id(sim, "down-1");
    String lost = id(sim, "lost-1");
    String up = id(sim, "up-1");
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(down, lost, up)
                        .timeoutSeconds(30)
                        .maxErrors("1")
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    assertThat(awaitInvocation(cid, down, "Delayed")).isEqualTo("Delayed");
    assertThat(result(cid, lost).statusDetails()).isEqualTo("Delayed");
    Command c = await(ssm, cid);
    assertThat(c.deliveryTimedOutCount()).isEqualTo(2);
    assertThat(c.errorCount()).isZero();
    assertThat(c.statusDetails()).isEqualTo("DeliveryTimedOut");
    assertThat(c.statusAsString()).isEqualTo("TimedOut");
    GetCommandInvocationResponse r = result(cid, down);
    assertThat(r.statusAsString()).isEqualTo("TimedOut");
    assertThat(r.statusDetails()).isEqualTo("DeliveryTimedOut");
    assertThat(r.responseCode()).isEqualTo(-1);
    assertThat(result(cid, up).statusAsString()).isEqualTo("Success");

    String one =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(down, up)
                        .timeoutSeconds(30)
                        .maxErrors("1")
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    Command incomplete = await(ssm, one);
    assertThat(incomplete.statusDetails()).isEqualTo("Incomplete");
    assertThat(incomplete.statusAsString()).isEqualTo("Failed");
  }

  @Test
  void aDelayedInvocationRunsWhenTheAgentComesBack() {
    String back = id(sim, "back-1");
    String cid = shell(ssm, List.of(back), "true");
    awaitInvocation(cid, back, "Delayed");
    assertThat(CommandTesting.command(ssm, cid).statusAsString()).isEqualTo("Pending");
    sim.admin("POST", "/_sim/instances/back-1/ping", "{\"status\": \"Online\"}");
    assertThat(await(ssm, cid).statusAsString()).isEqualTo("Success");
  }

  @Test
  void anAgentLostMidCommandEndsDeliveryTimedOutAndBlocksLaterCommands() {
    String up2 = id(sim, "up-2");
    sim.admin(
        "POST",
        "/_sim/faults",
        "{\"id\": \"lose-up-2\", \"match\": \"reboot-now\", \"instances\": [\"up-2\"],"
            + " \"offline\": true, \"times\": 1}");
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(up2)
                        .timeoutSeconds(30)
                        .parameters(
                            Map.of(
                                "commands",
                                List.of("reboot-now"),
                                "executionTimeout",
                                List.of("1"))))
            .command()
            .commandId();
    awaitInvocation(cid, up2, "InProgress");
    assertThat(
            ssm.describeInstanceInformation(b -> b.filters(sf("InstanceIds", up2)))
                .instanceInformationList()
                .get(0)
                .pingStatusAsString())
        .isEqualTo("ConnectionLost");
    String later = shell(ssm, List.of(up2), "echo later");
    awaitInvocation(later, up2, "Delayed");

    Command lostCommand = await(ssm, cid);
    assertThat(lostCommand.statusDetails()).isEqualTo("DeliveryTimedOut");
    GetCommandInvocationResponse r = result(cid, up2);
    assertThat(r.statusDetails()).isEqualTo("DeliveryTimedOut");
    assertThat(r.executionStartDateTime()).isNotEmpty();

    sim.admin("POST", "/_sim/instances/up-2/ping", "{\"status\": \"Online\"}");
    assertThat(await(ssm, later).statusAsString()).isEqualTo("Success");
  }

  @Test
  void aQueuedInvocationThatNeverStartsTimesOut() {
    String up3 = id(sim, "up-3");
    sim.admin(
        "POST",
        "/_sim/faults",
        "{\"id\": \"slow-up-3\", \"match\": \"slow-step\","
            + " \"instances\": [\"up-3\"], \"latency\": \"1s\"}");
    String slow = shell(ssm, List.of(up3), "slow-step");
    awaitInvocation(slow, up3, "InProgress");
    String queued =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(up3)
                        .timeoutSeconds(30)
                        .parameters(Map.of("commands", List.of("quick"))))
            .command()
            .commandId();
    assertThat(result(queued, up3).statusAsString()).isEqualTo("Pending");
    Command q = await(ssm, queued);
    assertThat(q.deliveryTimedOutCount()).isEqualTo(1);
    assertThat(result(queued, up3).executionStartDateTime()).isEmpty();
    assertThat(result(slow, up3).statusAsString()).isEqualTo("InProgress");
    assertThat(await(ssm, slow).statusAsString()).isEqualTo("Success");
  }

  @Test
  void cancellingADelayedInvocation() {
    String down = id(sim, "down-1");
    String cid = shell(ssm, List.of(down), "true");
    awaitInvocation(cid, down, "Delayed");
    ssm.cancelCommand(b -> b.commandId(cid).instanceIds(down));
    Command c = await(ssm, cid);
    assertThat(c.statusAsString()).isEqualTo("Cancelled");
    assertThat(result(cid, down).statusAsString()).isEqualTo("Cancelled");
  }
}
