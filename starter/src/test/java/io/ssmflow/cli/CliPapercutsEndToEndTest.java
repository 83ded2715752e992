package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.cli.dev.DevStack;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI papercuts of issue 13 on the embedded stack: pause and resume of a deployment (and a
 * clear refusal for anything else), a failed instance's reason shown whole with the way to its full
 * output, {@code status ID --instance I} showing that output, and one line with a hint when the AWS
 * endpoint does not answer.
 */
class CliPapercutsEndToEndTest {
  static final String FLEET =
      """
      instances:
        - count: 4
          namePrefix: slow
          mode: simulated
          latency: 400ms
          tags: {Application: slow, Environment: test}
        - name: sick
          mode: shell
          tags: {Application: sick, Environment: test}
        - name: well
          mode: shell
          tags: {Application: sick, Environment: test}
      faults:
        - match: health
          instances: [sick]
          exitCode: 1
          stdout: "UNHEALTHY load: 9.98 on 2 cores (limit 2), and the rest of this cause is \\
            long enough to be cut at one hundred and twenty characters"
          stderr: "curl: (22) The requested URL returned error: 503"
      """;

  @TempDir static Path state;
  static DevStack stack;
  static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(new DevStack.Options(0, 0, null, FLEET, state, "default", "papercuts"));
    env = stack.exports();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static CliRun ok(String... args) {
    CliRun run = CliRun.run(env, args);
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    return run;
  }

  static JsonNode progress(String id) throws Exception {
    return Json.MAPPER.readTree(ok("status", id, "--output", "json").out()).get("progress");
  }

  @Test
  void pauseStopsLaunchingAndResumeFinishesTheDeployment() throws Exception {
    String id = "deploy-slow-test-1.0.0";
    ok("deploy", "--app", "slow", "--version", "1.0.0", "--env", "test", "--max-concurrency", "1");
    CliRun paused = ok("pause", id);
    assertThat(paused.out()).startsWith("pause sent to " + id + ": no new instance starts");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode p = progress(id);
    while (!(p != null && p.get("paused").asBoolean() && p.get("inFlight").asInt() == 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      p = progress(id);
    }
    assertThat(p.get("paused").asBoolean()).isTrue();
    assertThat(p.get("inFlight").asInt()).as("in-flight instances finish").isZero();
    int done = p.get("succeeded").asInt();
    Thread.sleep(2_000);
    assertThat(progress(id).get("succeeded").asInt())
        .as("no instance starts while paused")
        .isEqualTo(done);
    assertThat(done).isLessThan(4);

    assertThat(ok("resume", id, "--output", "json").out()).contains("\"signal\" : \"resume\"");
    CliRun finished = ok("status", id, "--watch");
    assertThat(finished.out()).contains(id + ": SUCCEEDED").contains("4/4 succeeded");

    assertThat(CliRun.rejected(env, List.of("pause", id)).err())
        .isEqualTo("ssmflow: " + id + " is not running (COMPLETED)\n");
    assertThat(CliRun.rejected(env, List.of("resume", "deploy-none-test-1.0.0")).err())
        .contains("no workflow deploy-none-test-1.0.0");
  }

  @Test
  void onlyDeploymentsCanBePaused() throws Exception {
    String id =
        Json.MAPPER
            .readTree(ok("params", "audit", "--path", "/nothing", "--output", "json").out())
            .get("workflowId")
            .asText();
    CliRun refused = CliRun.rejected(env, List.of("pause", id));
    assertThat(refused.err())
        .isEqualTo(
            "ssmflow: "
                + id
                + " is a ParameterAuditWorkflow,"
                + " which cannot be paused or resumed (only deployments can; stop it with `ssmflow"
                + " cancel "
                + id
                + "`)\n");
  }

  @Test
  void aFailedInstanceShowsItsCauseWholeAndStatusInstanceShowsTheFullOutput() throws Exception {
    String id = "deploy-sick-test-1.0.0";
    CliRun run =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "sick",
            "--version",
            "1.0.0",
            "--env",
            "test",
            "--max-errors",
            "1",
            "--wait");
    String sick =
        stack.simulator().fleet().instances().stream()
            .filter(i -> i.name().equals("sick"))
            .findFirst()
            .orElseThrow()
            .id();
    String row = run.out().lines().filter(l -> l.startsWith(sick)).findFirst().orElseThrow();
    assertThat(row)
        .contains("curl: (22) The requested URL returned error: 503")
        .doesNotContain("----------ERROR-------")
        .doesNotContain("...");
    assertThat(run.out())
        .contains(
            "full command output of an instance: ssmflow status " + id + " --instance " + sick);

    CliRun output = ok("status", id, "--instance", sick);
    assertThat(output.out())
        .startsWith(id + ": ")
        .contains(" commands on " + sick)
        .contains("deploy sick 1.0.0 health")
        .contains("--- stdout ---\n")
        .contains(
            "UNHEALTHY load: 9.98 on 2 cores (limit 2), and the rest of this cause is long"
                + " enough to be cut at one hundred and twenty characters")
        .contains("--- stderr ---\ncurl: (22) The requested URL returned error: 503")
        .contains("exit 1");
    JsonNode json =
        Json.MAPPER.readTree(ok("status", id, "--instance", sick, "--output", "json").out());
    assertThat(json.get("commands").size()).isGreaterThan(3);
    assertThat(json.at("/commands/0/steps/0/stdout").asText()).isNotEmpty();

    assertThat(CliRun.rejected(env, List.of("status", id, "--instance", "web-1")).err())
        .contains("--instance must be an instance id");
  }

  @Test
  void anUnreachableAwsEndpointIsOneLineWithAHint() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    Map<String, String> gone = new HashMap<>(env);
    gone.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + dead);
    String hint =
        "cannot reach the AWS endpoint http://127.0.0.1:"
            + dead
            + " (AWS_ENDPOINT_URL): is `ssmflow dev` or `ssmflow sim` running?";
    assertThat(CliRun.rejected(gone, List.of("params", "history", "/a/b")).err())
        .isEqualTo("ssmflow: cannot read the history of /a/b: " + hint + "\n");
    Path config = state.resolve("c.yaml");
    java.nio.file.Files.writeString(config, "db:\n  password: x\n");
    assertThat(
            CliRun.rejected(
                    gone, List.of("params", "push", "--app", "a", "--env", "b", config.toString()))
                .err())
        .contains(hint);
    assertThat(
            CliRun.rejected(
                    gone,
                    List.of(
                        "params", "push", "--app", "a", "--env", "b", config.toString(), "--plan"))
                .err())
        .contains(hint);

    Map<String, String> ssmOnly = new HashMap<>(env);
    ssmOnly.put("AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:" + dead);
    assertThat(CliRun.rejected(ssmOnly, List.of("params", "history", "/a/b")).err())
        .contains("(AWS_ENDPOINT_URL_SSM)");
    assertThat(
            AwsAccess.unreachableHint(Map.of("AWS_REGION", "eu-west-1"), AwsSettings.Service.SSM))
        .isEqualTo(
            "cannot reach AWS in eu-west-1: check the network,"
                + " proxy and AWS_REGION (or set AWS_ENDPOINT_URL to use the simulator)");
  }
}
