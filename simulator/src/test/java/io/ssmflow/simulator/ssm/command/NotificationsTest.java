package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.id;
import static io.ssmflow.simulator.ssm.command.CommandTesting.invocations;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.NotificationConfig;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * SendCommand's NotificationConfig: status changes published to an SNS topic and delivered, signed,
 * to a loopback HTTP subscriber; the message fields of the AWS examples; which statuses are
 * notified; SendCommand's validation of the config.
 */
class NotificationsTest {
  private static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: ok
          tags: {Tier: web}
          mode: simulated
          latency: 20ms
        - name: bad-1
          tags: {Tier: web}
          mode: simulated
          latency: 20ms
          exitCode: 1
        - name: dead-1
          pingStatus: Inactive
          mode: simulated
        - name: down-1
          state: stopped
          mode: simulated
      faults:
        - id: stuck
          match: wait-for-lock
          hang: true
      """;
  private static final String ROLE = "arn:aws:iam::123456789012:role/ssm-sns";
  private static TestSimulator sim;
  private static SsmClient ssm;
  private static int topics;
  private SnsEndpoint endpoint;
  private String topic;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ssm = sim.ssm();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void subscribe() throws Exception {
    sim.admin("POST", "/_sim/stats/reset");
    // TimeoutSeconds 30 (the delivery timeout) becomes 600 ms.
    sim.admin("POST", "/_sim/commands/settings", "{\"timeoutScale\": 0.02}");
    String name = "run-command-" + ++topics;
    topic = sim.sns().createTopic(r -> r.name(name)).topicArn();
    endpoint = new SnsEndpoint(sim, true);
    endpoint.subscribe(topic);
  }

  @AfterEach
  void closeEndpoint() {
    endpoint.close();
  }

  private NotificationConfig config(String type, String... events) {
    return NotificationConfig.builder()
        .notificationArn(topic)
        .notificationEventsWithStrings(events)
        .notificationType(type)
        .build();
  }

  private static String send(List<String> instanceIds, NotificationConfig cfg, String... commands) {
    return send(cfg, b -> b.instanceIds(instanceIds), commands);
  }

  private static String send(
      NotificationConfig cfg, Consumer<SendCommandRequest.Builder> more, String... commands) {
    SendCommandRequest.Builder b =
        SendCommandRequest.builder()
            .documentName("AWS-RunShellScript")
            .serviceRoleArn(ROLE)
            .notificationConfig(cfg)
            .parameters(Map.of("commands", List.of(commands)));
    more.accept(b);
    return ssm.sendCommand(b.build()).command().commandId();
  }

  private static JsonNode notificationStats() {
    return sim.admin("GET", "/_sim/stats").get("notifications");
  }

  /** Waits until every queued notification has been published, then answers the stats. */
  private static JsonNode settledStats() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonNode s = notificationStats();
    while (s.get("queued").asLong() > 0 && System.nanoTime() < deadline) {
      CommandTesting.sleep(20);
      s = notificationStats();
    }
    CommandTesting.sleep(200);
    return notificationStats();
  }

  private static Map<String, JsonNode> byInstance(List<JsonNode> messages) {
    Map<String, JsonNode> out = new HashMap<>();
    messages.forEach(m -> out.put(m.get("instanceId").asText(), m));
    return out;
  }

  @Test
  void invocationNotificationsForTheChosenEventsOnly() throws Exception {
    String ok = id(sim, "ok-1");
    String bad = id(sim, "bad-1");
    Instant before = Instant.now().minusSeconds(1);
    String cid = send(List.of(ok, bad), config("Invocation", "Success", "Failed"), "echo hi");
    assertThat(await(ssm, cid).statusAsString()).isEqualTo("Failed");

    Map<String, JsonNode> got = byInstance(endpoint.take(2));
    assertThat(got.keySet()).containsExactlyInAnyOrder(ok, bad);
    JsonNode success = got.get(ok);
    assertThat(fieldNames(success))
        .containsExactly(
            "commandId", "documentName", "instanceId", "requestedDateTime", "status", "eventTime");
    assertThat(success.get("commandId").asText()).isEqualTo(cid);
    assertThat(success.get("documentName").asText()).isEqualTo("AWS-RunShellScript");
    assertThat(success.get("status").asText()).isEqualTo("Success");
    assertThat(got.get(bad).get("status").asText()).isEqualTo("Failed");
    Instant requested = Instant.parse(success.get("requestedDateTime").asText());
    Instant event = Instant.parse(success.get("eventTime").asText());
    assertThat(requested).isAfter(before).isBeforeOrEqualTo(event);
    assertThat(success.get("eventTime").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
    assertThat(endpoint.badSignatures()).isZero();

    // No InProgress message was published, now or later.
    JsonNode stats = settledStats();
    assertThat(stats.get("published").asLong()).isEqualTo(2);
    assertThat(stats.get("failed").asLong()).isZero();
    assertThat(stats.get("dropped").asLong()).isZero();
    assertThat(endpoint.rest()).isEmpty();
    JsonNode kept = sim.admin("GET", "/_sim/sns/messages");
    assertThat(kept.toString()).contains(cid);
  }

  @Test
  void commandSummaryWhenTheCommandEnds() throws Exception {
    String ok1 = id(sim, "ok-1");
    String ok2 = id(sim, "ok-2");
    String cid =
        send(
            config("Command", "Success", "Failed", "TimedOut", "Cancelled"),
            b ->
                b.instanceIds(ok1, ok2)
                    .outputS3BucketName("deploy-logs")
                    .outputS3KeyPrefix("runcommand"),
            "echo hi");
    Command c = await(ssm, cid);
    assertThat(c.statusAsString()).isEqualTo("Success");

    JsonNode m = endpoint.take(1).get(0);
    assertThat(fieldNames(m))
        .containsExactly(
            "commandId",
            "documentName",
            "instanceIds",
            "requestedDateTime",
            "expiresAfter",
            "outputS3BucketName",
            "outputS3KeyPrefix",
            "status",
            "eventTime");
    assertThat(m.get("commandId").asText()).isEqualTo(cid);
    assertThat(m.get("status").asText()).isEqualTo("Success");
    assertThat(m.get("instanceIds")).extracting(JsonNode::asText).containsExactly(ok1, ok2);
    assertThat(m.get("outputS3BucketName").asText()).isEqualTo("deploy-logs");
    assertThat(m.get("outputS3KeyPrefix").asText()).isEqualTo("runcommand");
    assertThat(Instant.parse(m.get("expiresAfter").asText())).isEqualTo(c.expiresAfter());
    assertThat(Instant.parse(m.get("requestedDateTime").asText())).isEqualTo(c.requestedDateTime());
    assertThat(settledStats().get("published").asLong()).isEqualTo(1);
    assertThat(endpoint.rest()).isEmpty();
  }

  @Test
  void allEventsOfACommandThroughTargets() throws Exception {
    String cid =
        send(
            config("Command", "All"),
            b -> b.targets(t -> t.key("tag:Tier").values("web")),
            "echo hi");
    assertThat(await(ssm, cid).statusAsString()).isEqualTo("Failed");
    List<JsonNode> got = endpoint.take(2);
    assertThat(got).extracting(m -> m.get("status").asText()).contains("InProgress", "Failed");
    // A command sent with Targets has no instance ids in its summary, as in the AWS example.
    assertThat(got.get(0).get("instanceIds")).isEmpty();
    assertThat(got.get(0).get("outputS3BucketName").asText()).isEmpty();
    assertThat(settledStats().get("published").asLong()).isEqualTo(2);
  }

  @Test
  void timeoutsCancelsAndUndeliverableMapToTheirStatus() throws Exception {
    NotificationConfig all = config("Invocation", "All");
    // Execution timeout: InProgress, then TimedOut (ExecutionTimedOut).
    String hung = id(sim, "ok-1");
    String execCid =
        send(
            all,
            b ->
                b.instanceIds(hung)
                    .parameters(
                        Map.of(
                            "commands",
                            List.of("wait-for-lock"),
                            "executionTimeout",
                            List.of("1"))));
    // Delivery timeout (stopped instance) and Undeliverable (Inactive agent): never InProgress.
    String down = id(sim, "down-1");
    String dead = id(sim, "dead-1");
    String deliveryCid =
        send(all, b -> b.instanceIds(down, dead).timeoutSeconds(30).maxErrors("2"), "true");
    // MaxErrors exceeded: the never-started invocation ends Terminated.
    String bad = id(sim, "bad-1");
    String ok2 = id(sim, "ok-2");
    String terminatedCid =
        send(all, b -> b.instanceIds(bad, ok2).maxConcurrency("1").maxErrors("0"), "true");
    // Cancelled while running.
    String ok3 = id(sim, "ok-3");
    String cancelCid = send(List.of(ok3), all, "wait-for-lock");
    awaitInvocationStatus(cancelCid, ok3, "InProgress");
    ssm.cancelCommand(b -> b.commandId(cancelCid));

    for (String cid : List.of(execCid, deliveryCid, terminatedCid, cancelCid)) {
      await(ssm, cid);
    }
    Map<String, List<String>> seen = new HashMap<>();
    List<JsonNode> messages = new ArrayList<>(endpoint.take(8));
    CommandTesting.sleep(300);
    messages.addAll(endpoint.rest());
    for (JsonNode m : messages) {
      seen.computeIfAbsent(
              m.get("commandId").asText() + " " + m.get("instanceId").asText(),
              k -> new ArrayList<>())
          .add(m.get("status").asText());
    }
    assertThat(seen.get(execCid + " " + hung)).containsExactly("InProgress", "TimedOut");
    assertThat(seen.get(deliveryCid + " " + down)).containsExactly("TimedOut");
    assertThat(seen.get(deliveryCid + " " + dead)).containsExactly("Failed");
    assertThat(seen.get(terminatedCid + " " + bad)).containsExactly("InProgress", "Failed");
    assertThat(seen.get(terminatedCid + " " + ok2)).containsExactly("Cancelled");
    assertThat(seen.get(cancelCid + " " + ok3)).containsExactly("InProgress", "Cancelled");
    assertThat(messages).hasSize(9);

    // Every final notification says what ListCommandInvocations says.
    for (String cid : List.of(execCid, deliveryCid, terminatedCid, cancelCid)) {
      for (CommandInvocation inv : invocations(ssm, cid)) {
        List<String> statuses = seen.get(cid + " " + inv.instanceId());
        assertThat(statuses.get(statuses.size() - 1))
            .as("%s on %s (%s)", cid, inv.instanceId(), inv.statusDetails())
            .isEqualTo(inv.statusAsString());
      }
    }
  }

  @Test
  void sendCommandValidatesTheNotificationConfig() {
    String ok = id(sim, "ok-1");
    assertError(
        b -> b.serviceRoleArn(null),
        "InvalidRole",
        "ServiceRoleArn is required with a NotificationArn: it is the IAM role Systems Manager"
            + " assumes to publish notifications to "
            + topic
            + ".");
    assertError(
        b -> b.serviceRoleArn("ssm-sns"),
        "InvalidRole",
        "ServiceRoleArn ssm-sns is not an IAM role ARN (arn:aws:iam::123456789012:role/name).");
    assertError(
        b -> b.notificationConfig(config("Invocation", "Success", "Finished")),
        "ValidationException",
        "1 validation error detected: Value '[Success, Finished]' at"
            + " 'notificationConfig.notificationEvents' failed to satisfy constraint: Member must"
            + " satisfy constraint: [Member must satisfy enum value set: [All, InProgress,"
            + " Success, TimedOut, Cancelled, Failed]]");
    assertError(
        b -> b.notificationConfig(config("PerInstance", "All")),
        "ValidationException",
        "1 validation error detected: Value 'PerInstance' at"
            + " 'notificationConfig.notificationType' failed to satisfy constraint: Member must"
            + " satisfy enum value set: [Command, Invocation]");
    String missing = topic.replaceAll("run-command-\\d+$", "no-such-topic");
    assertError(
        b ->
            b.notificationConfig(
                NotificationConfig.builder()
                    .notificationArn(missing)
                    .notificationEventsWithStrings("All")
                    .notificationType("Command")
                    .build()),
        "InvalidNotificationConfig",
        "NotificationArn " + missing + " is not the ARN of an existing Amazon SNS topic.");

    // An empty NotificationArn asks for nothing and needs no role; the config is echoed.
    Command c =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(ok)
                        .notificationConfig(
                            NotificationConfig.builder()
                                .notificationArn("")
                                .notificationEventsWithStrings("All")
                                .notificationType("Command")
                                .build())
                        .parameters(Map.of("commands", List.of("true"))))
            .command();
    assertThat(c.notificationConfig().notificationTypeAsString()).isEqualTo("Command");
    await(ssm, c.commandId());
    assertThat(settledStats().get("published").asLong()).isZero();
  }

  private void assertError(Consumer<SendCommandRequest.Builder> change, String code, String msg) {
    SendCommandRequest.Builder b =
        SendCommandRequest.builder()
            .documentName("AWS-RunShellScript")
            .instanceIds(id(sim, "ok-1"))
            .serviceRoleArn(ROLE)
            .notificationConfig(config("Invocation", "All"))
            .parameters(Map.of("commands", List.of("true")));
    change.accept(b);
    try {
      ssm.sendCommand(b.build());
    } catch (SsmException e) {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(msg);
      return;
    }
    throw new AssertionError("SendCommand succeeded; " + code + " was expected");
  }

  private static void awaitInvocationStatus(String cid, String instanceId, String status) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      String s =
          ssm.getCommandInvocation(b -> b.commandId(cid).instanceId(instanceId)).statusAsString();
      if (s.equals(status)) {
        return;
      }
      assertThat(System.nanoTime()).as("still %s", s).isLessThan(deadline);
      CommandTesting.sleep(20);
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
