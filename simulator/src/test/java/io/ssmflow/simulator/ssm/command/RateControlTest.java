package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.command;
import static io.ssmflow.simulator.ssm.command.CommandTesting.errorCode;
import static io.ssmflow.simulator.ssm.command.CommandTesting.invocations;
import static io.ssmflow.simulator.ssm.command.CommandTesting.maxOverlap;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;
import software.amazon.awssdk.services.ssm.model.Target;

/** Targets, limits, MaxConcurrency (sliding window) and MaxErrors, in simulated mode. */
class RateControlTest {
  private static final String FLEET =
      """
      instances:
        - count: 20
          namePrefix: node
          tags: {Role: fleet, Zone: a}
          mode: simulated
          latency: 20ms-200ms
        - count: 30
          namePrefix: other
          tags: {Role: fleet, Zone: b, Spare: "yes"}
          mode: simulated
          latency: 10ms
        - count: 50
          namePrefix: bad
          tags: {Role: broken}
          mode: simulated
          latency: 10ms
          exitCode: 1
      """;
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ssm = sim.ssm();
    sim.admin("POST", "/_sim/knobs", "{\"pendingDuration\": \"5ms\"}");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static List<String> names(String prefix, int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> CommandTesting.id(sim, prefix + "-" + i))
        .collect(Collectors.toList());
  }

  private static Target tag(String key, String... values) {
    return Target.builder().key("tag:" + key).values(values).build();
  }

  @Test
  void maxConcurrencyIsASlidingWindow() {
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .targets(tag("Zone", "a"))
                        .maxConcurrency("5")
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    Command c = await(ssm, cid);
    assertThat(c.statusAsString()).isEqualTo("Success");
    assertThat(c.targetCount()).isEqualTo(20);
    List<CommandInvocation> all = invocations(ssm, cid);
    assertThat(all).hasSize(20).allMatch(i -> i.statusAsString().equals("Success"));
    assertThat(maxOverlap(all)).isEqualTo(5);
    // Sliding, not lockstep: the 6th instance starts as soon as the first of 5 finishes,
    // before the slowest of the first five is done.
    List<CommandInvocation> byStart = new ArrayList<>(all);
    byStart.sort(Comparator.comparing(i -> i.commandPlugins().get(0).responseStartDateTime()));
    var slowestOfFirstFive =
        byStart.subList(0, 5).stream()
            .map(i -> i.commandPlugins().get(0).responseFinishDateTime())
            .max(Comparator.naturalOrder())
            .orElseThrow();
    assertThat(byStart.get(5).commandPlugins().get(0).responseStartDateTime())
        .isBefore(slowestOfFirstFive);
  }

  @Test
  void percentConcurrencyRoundsUp() {
    // 5% of 30 targets is 1.5: SSM rounds up to 2.
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .targets(tag("Zone", "b"))
                        .maxConcurrency("5%")
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    await(ssm, cid, Duration.ofSeconds(20));
    assertThat(command(ssm, cid).maxConcurrency()).isEqualTo("5%");
    assertThat(maxOverlap(invocations(ssm, cid))).isEqualTo(2);
  }

  @Test
  void tenPercentOfFiftyStopsAtTheSixthError() {
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .targets(tag("Role", "broken"))
                        .maxConcurrency("1")
                        .maxErrors("10%")
                        .parameters(Map.of("commands", List.of("deploy"))))
            .command()
            .commandId();
    Command c = await(ssm, cid);
    assertThat(c.statusAsString()).isEqualTo("Failed");
    assertThat(c.statusDetails()).isEqualTo("Failed");
    assertThat(c.targetCount()).isEqualTo(50);
    assertThat(c.errorCount()).isEqualTo(6);
    assertThat(c.completedCount()).isEqualTo(50);
    List<CommandInvocation> all = invocations(ssm, cid);
    assertThat(all.stream().filter(i -> i.statusAsString().equals("Failed"))).hasSize(6);
    List<CommandInvocation> terminated =
        all.stream().filter(i -> "Terminated".equals(i.statusDetails())).toList();
    assertThat(terminated)
        .hasSize(44)
        .allSatisfy(
            i -> {
              assertThat(i.statusAsString()).isEqualTo("Cancelled");
              assertThat(i.commandPlugins().get(0).responseCode()).isEqualTo(-1);
              assertThat(i.commandPlugins().get(0).responseStartDateTime()).isNull();
            });
    assertThat(sim.admin("GET", "/_sim/instances/bad-50/commands").get("runs").asInt()).isZero();
  }

  @Test
  void maxErrorsZeroStopsAfterTheFirstErrorAndInFlightOnesFinish() {
    List<String> bad = names("bad", 10);
    String one =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(bad)
                        .maxConcurrency("1")
                        .parameters(Map.of("commands", List.of("x"))))
            .command()
            .commandId();
    Command c = await(ssm, one);
    assertThat(c.errorCount()).isEqualTo(1);
    assertThat(invocations(ssm, one).stream().filter(i -> "Terminated".equals(i.statusDetails())))
        .hasSize(9);

    String wide =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(bad)
                        .maxConcurrency("10")
                        .parameters(Map.of("commands", List.of("x"))))
            .command()
            .commandId();
    Command w = await(ssm, wide);
    assertThat(w.maxErrors()).isEqualTo("0");
    assertThat(w.errorCount()).as("all ten were in flight; they all finish").isEqualTo(10);
  }

  @Test
  void targetsCombineTagsAndInstanceIds() {
    SendCommandResponse sent =
        ssm.sendCommand(
            b ->
                b.documentName("AWS-RunShellScript")
                    .targets(tag("Role", "fleet"), tag("Zone", "b"))
                    .parameters(Map.of("commands", List.of("true"))));
    assertThat(sent.command().targetCount()).as("SSM resolves Targets after answering").isZero();
    assertThat(sent.command().instanceIds()).isEmpty();
    assertThat(sent.command().statusAsString()).isEqualTo("Pending");
    Command c = await(ssm, sent.command().commandId());
    assertThat(c.targetCount()).isEqualTo(30);

    String byKey =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .targets(Target.builder().key("tag-key").values("Spare").build())
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    assertThat(await(ssm, byKey).targetCount()).isEqualTo(30);

    List<String> two = names("node", 2);
    String byIds =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .targets(Target.builder().key("InstanceIds").values(two).build())
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    assertThat(invocations(ssm, byIds))
        .extracting(CommandInvocation::instanceId)
        .containsExactlyInAnyOrderElementsOf(two);

    String none =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .targets(tag("Role", "nothing"))
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    Command empty = await(ssm, none);
    assertThat(empty.targetCount()).isZero();
    assertThat(empty.statusAsString()).isEqualTo("Success");
    assertThat(empty.statusDetails()).isEqualTo("NoInstancesInTag");
    assertThat(invocations(ssm, none)).isEmpty();
  }

  @Test
  void sendCommandValidatesLikeSsm() {
    List<String> fiftyOne = new ArrayList<>(names("bad", 50));
    fiftyOne.add(CommandTesting.id(sim, "node-1"));
    Map<String, List<String>> params = Map.of("commands", List.of("true"));
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds(fiftyOne)
                                .parameters(params))))
        .isEqualTo("ValidationException");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds("i-0123456789abcdef0")
                                .parameters(params))))
        .isEqualTo("InvalidInstanceId");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds("bogus")
                                .parameters(params))))
        .isEqualTo("InvalidInstanceId");
    String n1 = CommandTesting.id(sim, "node-1");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds(n1, n1)
                                .parameters(params))))
        .isEqualTo("DuplicateInstanceId");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds(n1)
                                .targets(tag("Role", "fleet"))
                                .parameters(params))))
        .isEqualTo("ValidationException");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").parameters(params))))
        .isEqualTo("ValidationException");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds(n1)
                                .comment("x".repeat(101))
                                .parameters(params))))
        .isEqualTo("ValidationException");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds(n1)
                                .timeoutSeconds(10)
                                .parameters(params))))
        .isEqualTo("ValidationException");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds(n1)
                                .maxConcurrency("0")
                                .parameters(params))))
        .isEqualTo("ValidationException");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds(n1)
                                .maxErrors("-1")
                                .parameters(params))))
        .isEqualTo("ValidationException");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b -> b.documentName("AWS-Nope").instanceIds(n1).parameters(params))))
        .isEqualTo("InvalidDocument");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds(n1)
                                .parameters(Map.of("cmds", List.of("x"))))))
        .isEqualTo("InvalidParameters");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunShellScript")
                                .instanceIds(n1)
                                .parameters(
                                    Map.of(
                                        "commands",
                                        List.of("x"),
                                        "executionTimeout",
                                        List.of("soon"))))))
        .isEqualTo("InvalidParameters");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunPatchBaseline")
                                .instanceIds(n1)
                                .parameters(Map.of("Operation", List.of("Upgrade"))))))
        .isEqualTo("InvalidParameters");
  }

  @Test
  void sendCommandEchoesTheFullCommand() {
    String n1 = CommandTesting.id(sim, "node-1");
    // A NotificationArn must name an existing topic (and then status changes are published).
    String topic = sim.sns().createTopic(t -> t.name("t")).topicArn();
    SendCommandResponse r =
        ssm.sendCommand(
            b ->
                b.documentName("AWS-RunShellScript")
                    .instanceIds(n1)
                    .comment("deploy-42")
                    .timeoutSeconds(120)
                    .maxConcurrency("10%")
                    .maxErrors("1")
                    .serviceRoleArn("arn:aws:iam::123456789012:role/ssm")
                    .outputS3BucketName("logs-bucket")
                    .outputS3KeyPrefix("ssm/")
                    .notificationConfig(
                        n ->
                            n.notificationArn(topic)
                                .notificationEventsWithStrings("All")
                                .notificationType("Command"))
                    .cloudWatchOutputConfig(
                        cw -> cw.cloudWatchOutputEnabled(true).cloudWatchLogGroupName("/ssm"))
                    .parameters(
                        Map.of("commands", List.of("true"), "executionTimeout", List.of("60"))));
    Command c = r.command();
    assertThat(c.commandId()).matches("[0-9a-f-]{36}");
    assertThat(c.documentName()).isEqualTo("AWS-RunShellScript");
    assertThat(c.comment()).isEqualTo("deploy-42");
    assertThat(c.instanceIds()).containsExactly(n1);
    assertThat(c.targetCount()).isEqualTo(1);
    assertThat(c.timeoutSeconds()).isEqualTo(120);
    assertThat(c.maxConcurrency()).isEqualTo("10%");
    assertThat(c.maxErrors()).isEqualTo("1");
    assertThat(c.serviceRole()).isEqualTo("arn:aws:iam::123456789012:role/ssm");
    assertThat(c.outputS3BucketName()).isEqualTo("logs-bucket");
    assertThat(c.notificationConfig().notificationArn()).endsWith(":t");
    assertThat(c.cloudWatchOutputConfig().cloudWatchOutputEnabled()).isTrue();
    assertThat(c.parameters()).containsEntry("executionTimeout", List.of("60"));
    assertThat(c.statusAsString()).isEqualTo("Pending");
    assertThat(c.expiresAfter()).isEqualTo(c.requestedDateTime().plusSeconds(120 + 60));
  }
}
