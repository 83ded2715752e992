package io.ssmflow.simulator.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** GET /_sim/stats: every call of every protocol, errors by code, totals beyond retention. */
class CallStatsTest {
  private static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: st
          mode: simulated
          latency: 5ms
      """;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private TestSimulator sim;

  @BeforeEach
  void start() {
    sim = TestSimulator.start(FLEET);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private String id(String name) {
    return sim.simulator().fleet().instanceByIdOrName(name).orElseThrow().id();
  }

  private JsonNode stats() {
    return sim.admin("GET", "/_sim/stats");
  }

  private static long calls(JsonNode stats, String op) {
    return stats.get("calls").path(op).asLong(0);
  }

  @Test
  void countsEveryProtocolByOperation() throws Exception {
    sim.ssm().describeInstanceInformation(b -> {});
    sim.ssm()
        .sendCommand(
            b ->
                b.documentName("AWS-RunShellScript")
                    .instanceIds(id("st-1"))
                    .parameters(Map.of("commands", List.of("true"))));
    sim.ssm().listCommands(b -> {});
    sim.ssm().listCommands(b -> {});
    sim.ec2().describeInstances(b -> {}); // EC2 Query
    sim.sns().createTopic(b -> b.name("stats-topic")); // AWS Query
    sim.cloudWatch().listMetrics(b -> {}); // Smithy RPC v2 CBOR
    HttpResponse<String> json10 =
        HTTP.send(
            HttpRequest.newBuilder(sim.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString()); // AWS JSON 1.0 (CLI, boto3)
    assertThat(json10.statusCode()).isEqualTo(200);
    sim.admin("GET", "/_sim/instances"); // admin calls are not counted

    JsonNode s = stats();
    assertThat(calls(s, "ssm:DescribeInstanceInformation")).isEqualTo(1);
    assertThat(calls(s, "ssm:SendCommand")).isEqualTo(1);
    assertThat(calls(s, "ssm:ListCommands")).isEqualTo(2);
    assertThat(calls(s, "ec2:DescribeInstances")).isEqualTo(1);
    assertThat(calls(s, "sns:CreateTopic")).isEqualTo(1);
    assertThat(calls(s, "cloudwatch:ListMetrics")).isEqualTo(2);
    assertThat(s.get("totals").get("ssm").asLong()).isEqualTo(4);
    assertThat(s.get("totals").get("all").asLong()).isEqualTo(8);
    assertThat(s.get("errors").size()).isZero();
    assertThat(Instant.parse(s.get("since").asText())).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void countsFailedAndThrottledCallsByErrorCode() {
    SsmClient noRetry =
        SsmClient.builder()
            .endpointOverride(sim.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(
                () ->
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "test", "test"))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    try (noRetry) {
      assertThatThrownBy(
              () ->
                  noRetry.sendCommand(
                      b ->
                          b.documentName("AWS-RunShellScript")
                              .instanceIds("i-0123456789abcdef0")
                              .parameters(Map.of("commands", List.of("true")))))
          .isInstanceOf(SsmException.class);
      sim.admin("POST", "/_sim/knobs", "{\"tps\": {\"ListCommands\": 1}}");
      int throttled = 0;
      for (int i = 0; i < 5; i++) {
        try {
          noRetry.listCommands(b -> {});
        } catch (SsmException e) {
          assertThat(e.isThrottlingException()).isTrue();
          throttled++;
        }
      }
      assertThat(throttled).isPositive();
      assertThatThrownBy(() -> sim.ec2().describeInstances(b -> b.instanceIds("i-nope")))
          .isInstanceOf(software.amazon.awssdk.services.ec2.model.Ec2Exception.class);

      JsonNode s = stats();
      assertThat(calls(s, "ssm:SendCommand")).isEqualTo(1);
      assertThat(s.get("errors").get("ssm:SendCommand").get("InvalidInstanceId").asLong())
          .isEqualTo(1);
      assertThat(calls(s, "ssm:ListCommands")).isEqualTo(5);
      assertThat(s.get("errors").get("ssm:ListCommands").get("ThrottlingException").asLong())
          .isEqualTo(throttled);
      assertThat(s.get("errors").get("ec2:DescribeInstances").fieldNames().next())
          .startsWith("InvalidInstanceID");
    }
  }

  @Test
  void totalsDoNotDependOnRetainedCommands() {
    sim.admin("POST", "/_sim/commands/settings", "{\"maxCommands\": 2}");
    for (int i = 0; i < 12; i++) {
      sim.ssm()
          .sendCommand(
              b ->
                  b.documentName("AWS-RunShellScript")
                      .instanceIds(id("st-2"))
                      .parameters(Map.of("commands", List.of("true"))));
    }
    awaitForgotten(10);
    assertThat(calls(stats(), "ssm:SendCommand")).isEqualTo(12);
  }

  private void awaitForgotten(int n) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (sim.admin("GET", "/_sim/commands?limit=0").get("forgottenCommands").asLong() < n) {
      assertThat(System.nanoTime()).as("commands forgotten").isLessThan(deadline);
      sim.ssm().listCommands(b -> b.maxResults(1)); // trimming happens as commands complete
      sleep(20);
    }
  }

  @Test
  void resetStartsFromZero() {
    sim.ssm().listCommands(b -> {});
    Instant before = Instant.parse(stats().get("since").asText());
    sleep(5);
    JsonNode reset = sim.admin("POST", "/_sim/stats/reset");
    assertThat(Instant.parse(reset.get("since").asText())).isAfter(before);
    assertThat(stats().get("calls").size()).isZero();
    sim.ssm().listCommands(b -> {});
    assertThat(calls(stats(), "ssm:ListCommands")).isEqualTo(1);
    sim.admin("POST", "/_sim/reset");
    assertThat(stats().get("calls").size()).isZero();
  }

  @Test
  void anAnswerTheClientNeverReadsIsCountedUndelivered() throws Exception {
    sim.admin("POST", "/_sim/knobs", "{\"sendCommandResponseDelay\": \"2s\"}");
    String body =
        "{\"DocumentName\": \"AWS-RunShellScript\", \"InstanceIds\": [\""
            + id("st-3")
            + "\"], \"Parameters\": {\"commands\": [\"true\"]}}";
    URI uri = sim.endpoint();
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      out.write(
          ("POST / HTTP/1.1\r\nHost: "
                  + uri.getHost()
                  + ":"
                  + uri.getPort()
                  + "\r\nContent-Type: application/x-amz-json-1.1\r\n"
                  + "X-Amz-Target: AmazonSSM.SendCommand\r\nContent-Length: "
                  + bytes.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      awaitHeld(1);
    } // closed unread, as the kernel closes a killed client's socket
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (stats().get("undelivered").path("ssm:SendCommand").asLong(0) < 1) {
      assertThat(System.nanoTime()).as("undelivered counted: " + stats()).isLessThan(deadline);
      sleep(50);
    }
    JsonNode s = stats();
    assertThat(calls(s, "ssm:SendCommand")).isEqualTo(1);
    assertThat(sim.admin("GET", "/_sim/commands/held-responses").get("releasedTotal").asLong())
        .isEqualTo(1);
    assertThat(sim.admin("GET", "/_sim/runs").get("runs").asLong())
        .as("the command ran although its answer was lost")
        .isEqualTo(1);
  }

  private void awaitHeld(int n) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (sim.admin("GET", "/_sim/commands/held-responses").get("held").size() < n) {
      assertThat(System.nanoTime()).as("an answer held").isLessThan(deadline);
      sleep(10);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
