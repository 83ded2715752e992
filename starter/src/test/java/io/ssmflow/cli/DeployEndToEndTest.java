package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.cli.dev.EmbeddedTemporal;
import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.simulator.fleet.FleetFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the embedded dev stack (test server, simulator with shell-mode instances, an
 * in-process worker): the CLI deploys with --wait, status shows the result, the approval gate is
 * passed with approve, and the instances' sandboxes hold the deployed version.
 */
class DeployEndToEndTest {
  static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: web-test
          mode: shell
          tags: {Application: web, Environment: test}
      """;

  @TempDir static Path state;
  static DevStack stack;
  static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state, "default", "e2e")
                .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded()));
    env = stack.exports();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      int temporalPort = stack.temporal().port();
      int simPort = stack.simulator().port();
      stack.close();
      assertThat(canBind(temporalPort)).as("Temporal port released").isTrue();
      assertThat(canBind(simPort)).as("simulator port released").isTrue();
    }
  }

  @Test
  void stackListensOnLoopbackOnlyAndExportsWhatASecondShellNeeds() {
    for (SocketAddress a : ((EmbeddedTemporal) stack.temporal()).listenSockets()) {
      assertThat(((InetSocketAddress) a).getAddress().isLoopbackAddress()).isTrue();
    }
    assertThat(stack.simulator().endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(stack.worker().isStarted()).isTrue();
    assertThat(stack.exportLine())
        .startsWith("export TEMPORAL_ADDRESS=127.0.0.1:")
        .contains("SSMFLOW_TASK_QUEUE=e2e")
        .contains("AWS_ENDPOINT_URL=" + stack.simulator().endpoint())
        .contains(
            "AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=test"
                + " AWS_SECRET_ACCESS_KEY=test")
        .contains("SSMFLOW_STICKY_EXECUTION=false");
  }

  @Test
  void deployWaitThenStatus() throws Exception {
    CliRun deploy =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "web",
            "--version",
            "1.0.0",
            "--env",
            "test",
            "--max-concurrency",
            "100%",
            "--wait");
    assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
    assertThat(deploy.out())
        .startsWith("started deploy-web-test-1.0.0 (run ")
        .contains("deploy-web-test-1.0.0: SUCCEEDED")
        .contains("3/3 succeeded");
    assertThat(deploy.err()).isEmpty();

    CliRun status = CliRun.run(env, "status", "deploy-web-test-1.0.0");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("SUCCEEDED").contains("INSTANCE").contains("health");

    CliRun json = CliRun.run(env, "status", "deploy-web-test-1.0.0", "--output", "json");
    JsonNode doc = Json.MAPPER.readTree(json.out());
    assertThat(doc.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(doc.at("/result/outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(doc.at("/result/instances")).hasSize(3);
    for (JsonNode i : doc.at("/result/instances")) {
      assertThat(file(i.get("instanceId").asText(), "/opt/web/VERSION")).isEqualTo("1.0.0");
    }
  }

  @Test
  void approvalGateThenWatch() throws Exception {
    CliRun deploy =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "web",
            "--version",
            "2.0.0",
            "--env",
            "test",
            "--canary",
            "1",
            "--approve",
            "--max-concurrency",
            "100%",
            "--output",
            "json");
    assertThat(deploy.exit()).as(deploy.err()).isZero();
    String id = Json.MAPPER.readTree(deploy.out()).get("workflowId").asText();
    assertThat(id).isEqualTo("deploy-web-test-2.0.0");

    awaitPhase(id, "awaiting-approval");
    CliRun approve = CliRun.run(env, "approve", id, "--reason", "canary looks good");
    assertThat(approve.exit()).as(approve.err()).isZero();
    CliRun again = CliRun.run(env, "approve", id);
    assertThat(again.exit()).as("no approval is awaited any more").isEqualTo(2);
    assertThat(again.errLines()).hasSize(1);

    CliRun watch = CliRun.run(env, "status", id, "--watch", "--output", "json");
    assertThat(watch.exit()).as(watch.err()).isZero();
    JsonNode result = Json.MAPPER.readTree(watch.out()).get("result");
    assertThat(result.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(result.at("/approval/approver").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(result.at("/approval/reason").asText()).isEqualTo("canary looks good");
  }

  @Test
  void waitSeesTheEndAtOnceNotAtItsNextPoll() throws Exception {
    Path spec = state.resolve("quick.yaml");
    java.nio.file.Files.writeString(
        spec,
        """
        steps:
          - name: install
            commands: ["mkdir -p /opt/{{App}}", "echo {{Version}} > /opt/{{App}}/VERSION"]
        healthCheck:
          commands: ["test -f /opt/{{App}}/VERSION"]
        rollback:
          commands: ["rm -rf /opt/{{App}}"]
        """);
    Duration poll = Duration.ofMinutes(1);
    long start = System.nanoTime();
    CliRun deploy =
        CliRun.run(
            env,
            poll,
            "deploy",
            "--app",
            "clock",
            "--version",
            "1.0.0",
            "--env",
            "test",
            "--targets",
            "tag:Application=web,tag:Environment=test",
            "--max-concurrency",
            "100%",
            "--spec",
            spec.toString(),
            "--metrics-namespace",
            "none",
            "--wait");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
    assertThat(deploy.out()).contains("deploy-clock-test-1.0.0: SUCCEEDED");
    // A follower that slept between polls would have answered a minute after its first look.
    assertThat(took).isLessThan(poll.dividedBy(2));
  }

  @Test
  void aFailedHealthCheckRollsBackAndExitsOne() throws Exception {
    Path spec = state.resolve("failing.yaml");
    java.nio.file.Files.writeString(
        spec,
        """
        steps:
          - name: install
            commands: ["mkdir -p /opt/{{App}}", "echo {{Version}} > /opt/{{App}}/VERSION"]
            timeoutSeconds: 30
        healthCheck:
          commands: ["echo '{{App}} {{Version}} does not start' >&2", "exit 1"]
          timeoutSeconds: 30
        rollback:
          commands: ["echo rolled-back > /opt/{{App}}/VERSION"]
          timeoutSeconds: 30
        """);
    CliRun deploy =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "api",
            "--version",
            "9.9.9",
            "--env",
            "test",
            "--targets",
            "tag:Application=web,tag:Environment=test",
            "--max-concurrency",
            "1",
            "--spec",
            spec.toString(),
            "--metrics-namespace",
            "none",
            "--wait");
    assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isEqualTo(1);
    assertThat(deploy.out())
        .contains("deploy-api-test-9.9.9: FAILED")
        .contains("ROLLED_BACK")
        .contains("does not start");
    String rolledBack =
        deploy
            .out()
            .lines()
            .filter(l -> l.contains("ROLLED_BACK"))
            .findFirst()
            .orElseThrow()
            .split("\\s+")[0];
    assertThat(file(rolledBack, "/opt/api/VERSION")).isEqualTo("rolled-back");
  }

  @Test
  void demoFleetIsAValidFleetFile() {
    assertThat(FleetFile.parse(io.ssmflow.cli.dev.DemoFleet.yaml(), "demo").instances())
        .hasSize(12);
  }

  private static void awaitPhase(String id, String phase) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      CliRun s = CliRun.run(env, "status", id, "--output", "json");
      if (s.exit() == 0
          && phase.equals(Json.MAPPER.readTree(s.out()).at("/progress/phase").asText())) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(id + " never reached phase " + phase);
  }

  private static String file(String instanceId, String path) throws Exception {
    URI uri =
        stack
            .simulator()
            .endpoint()
            .resolve("/_sim/instances/" + instanceId + "/files?path=" + path);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body()).get("content").asText().trim();
  }

  private static boolean canBind(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
