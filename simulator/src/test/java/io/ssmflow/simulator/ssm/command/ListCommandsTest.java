package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.cf;
import static io.ssmflow.simulator.ssm.command.CommandTesting.errorCode;
import static io.ssmflow.simulator.ssm.command.CommandTesting.id;
import static io.ssmflow.simulator.ssm.command.CommandTesting.ids;
import static io.ssmflow.simulator.ssm.command.CommandTesting.shell;
import static io.ssmflow.simulator.ssm.command.CommandTesting.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;

/**
 * ListCommands as AWS answers it: per-command Status and counts (TargetCount, CompletedCount,
 * ErrorCount, DeliveryTimedOutCount), RequestedDateTime, the InvokedAfter (inclusive) and
 * InvokedBefore (exclusive) filters, CommandId, InstanceId, and MaxResults / NextToken pages newest
 * first.
 */
class ListCommandsTest {
  private static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: lc
          mode: simulated
          latency: 10ms
        - name: lc-fail
          mode: simulated
          latency: 10ms
          exitCode: 3
        - name: lc-lost
          mode: simulated
          pingStatus: ConnectionLost
        - name: lc-slow
          mode: simulated
          latency: 3s
      """;
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ssm = sim.ssm();
    // TimeoutSeconds 30 becomes 3 s: the ConnectionLost instance times out soon, and the
    // reachable ones are surely delivered before that even on a busy machine.
    sim.admin("POST", "/_sim/commands/settings", "{\"timeoutScale\": 0.1}");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void answersStatusAndCountsPerCommand() {
    List<String> five = ids(sim, "lc-1", "lc-2", "lc-3", "lc-fail", "lc-lost");
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(five)
                        .maxErrors("100%")
                        .timeoutSeconds(30)
                        .comment("counts")
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    Command done = await(ssm, cid);
    String invocations =
        CommandTesting.invocations(ssm, cid).stream()
            .map(i -> i.instanceId() + " " + i.statusDetails())
            .toList()
            .toString();
    assertThat(done.targetCount()).isEqualTo(5);
    assertThat(done.completedCount()).isEqualTo(5);
    assertThat(done.errorCount()).as(invocations).isEqualTo(1);
    assertThat(done.deliveryTimedOutCount()).as(invocations).isEqualTo(1);
    assertThat(done.statusAsString()).isEqualTo("Failed");
    assertThat(done.statusDetails()).isEqualTo("Incomplete");
    assertThat(done.requestedDateTime())
        .isBeforeOrEqualTo(Instant.now())
        .isAfter(Instant.now().minusSeconds(30));
    assertThat(done.comment()).isEqualTo("counts");

    String slow =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(ids(sim, "lc-1", "lc-slow"))
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    Command running = awaitCompleted(slow, 1);
    assertThat(running.statusAsString()).isEqualTo("InProgress");
    assertThat(running.targetCount()).isEqualTo(2);
    assertThat(running.errorCount()).isZero();
    assertThat(await(ssm, slow).statusAsString()).isEqualTo("Success");
  }

  private static Command awaitCompleted(String cid, int completed) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      Command c = ssm.listCommands(b -> b.commandId(cid)).commands().get(0);
      if (c.completedCount() >= completed) {
        return c;
      }
      assertThat(System.nanoTime())
          .as("%s completed %d", cid, c.completedCount())
          .isLessThan(deadline);
      sleep(10);
    }
  }

  @Test
  void invokedAfterIncludesItsInstantAndInvokedBeforeExcludesIt() {
    String lc1 = id(sim, "lc-1");
    String first = shell(ssm, List.of(lc1), "true");
    sleep(30);
    String second = shell(ssm, List.of(lc1), "true");
    sleep(30);
    String third = shell(ssm, List.of(lc1), "true");
    Instant at = ssm.listCommands(b -> b.commandId(second)).commands().get(0).requestedDateTime();

    List<String> after =
        commandIds(
            ssm.listCommands(
                b -> b.instanceId(lc1).filters(cf(CommandFilterKey.INVOKED_AFTER, at.toString()))));
    assertThat(after).contains(second, third).doesNotContain(first);
    List<String> before =
        commandIds(
            ssm.listCommands(
                b ->
                    b.instanceId(lc1).filters(cf(CommandFilterKey.INVOKED_BEFORE, at.toString()))));
    assertThat(before).contains(first).doesNotContain(second, third);
    List<String> between =
        commandIds(
            ssm.listCommands(
                b ->
                    b.instanceId(lc1)
                        .filters(
                            cf(CommandFilterKey.INVOKED_AFTER, at.toString()),
                            cf(CommandFilterKey.INVOKED_BEFORE, at.plusMillis(1).toString()))));
    assertThat(between).containsExactly(second);
    assertThat(
            errorCode(
                () ->
                    ssm.listCommands(
                        b -> b.filters(cf(CommandFilterKey.INVOKED_AFTER, "yesterday")))))
        .isEqualTo("ValidationException");
  }

  @Test
  void commandIdAndInstanceIdSelect() {
    String lc2 = id(sim, "lc-2");
    String lc3 = id(sim, "lc-3");
    String cid = shell(ssm, List.of(lc2), "true");
    assertThat(commandIds(ssm.listCommands(b -> b.commandId(cid)))).containsExactly(cid);
    assertThat(commandIds(ssm.listCommands(b -> b.commandId(cid).instanceId(lc2))))
        .containsExactly(cid);
    assertThat(ssm.listCommands(b -> b.commandId(cid).instanceId(lc3)).commands()).isEmpty();
    assertThat(commandIds(ssm.listCommands(b -> b.instanceId(lc3)))).doesNotContain(cid);
    assertThat(errorCode(() -> ssm.listCommands(b -> b.commandId(UUID.randomUUID().toString()))))
        .isEqualTo("InvalidCommandId");
    assertThat(errorCode(() -> ssm.listCommands(b -> b.instanceId("web-1"))))
        .isEqualTo("InvalidInstanceId");
  }

  @Test
  void pagesAreNewestFirstAndStableWhileCommandsArrive() {
    String lc3 = id(sim, "lc-3");
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(shell(ssm, List.of(lc3), "echo " + i));
      sleep(2);
    }
    ListCommandsResponse page1 = ssm.listCommands(b -> b.instanceId(lc3).maxResults(2));
    assertThat(commandIds(page1)).containsExactly(sent.get(4), sent.get(3));
    assertThat(page1.nextToken()).isNotNull();
    String late = shell(ssm, List.of(lc3), "echo late");
    List<String> rest = new ArrayList<>();
    String token = page1.nextToken();
    while (token != null) {
      String t = token;
      ListCommandsResponse page =
          ssm.listCommands(b -> b.instanceId(lc3).maxResults(2).nextToken(t));
      assertThat(page.commands()).hasSizeLessThanOrEqualTo(2);
      rest.addAll(commandIds(page));
      token = page.nextToken();
    }
    assertThat(rest).startsWith(sent.get(2), sent.get(1), sent.get(0)).doesNotContain(late);
    List<Command> all = new ArrayList<>();
    ssm.listCommandsPaginator(b -> b.maxResults(3)).forEach(p -> all.addAll(p.commands()));
    assertThat(all.get(0).commandId()).isEqualTo(late);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).requestedDateTime())
          .isBeforeOrEqualTo(all.get(i - 1).requestedDateTime());
    }
    assertThat(errorCode(() -> ssm.listCommands(b -> b.maxResults(0))))
        .isEqualTo("ValidationException");
  }

  private static List<String> commandIds(ListCommandsResponse r) {
    return r.commands().stream().map(Command::commandId).toList();
  }
}
