package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash that matters for idempotency: the worker is SIGKILLed after SSM accepted a SendCommand
 * but before the send activity learnt the command id. The simulator holds SendCommand's answer
 * (knob {@code sendCommandResponseDelay}) after the command was created and started, the test kills
 * the worker while an answer is held, and checks that the answer was still held after the worker
 * was dead, so the kill really landed in that window; once released, the simulator could not
 * deliver that answer (the connection was gone). A second worker finishes the rollout; the
 * simulator's per-instance run totals ({@code GET /_sim/runs}) show every step ran exactly once on
 * every instance: the retried send found the command by its idempotency key instead of sending it
 * again.
 *
 * <p>Temporal, the simulator and the workers are separate JVMs. The time to recover is the send
 * activity's start-to-close timeout: a short one makes this test quick.
 */
class SendWindowCrashTest {
  static final int INSTANCES = 4;
  static final int STEPS = 3; // two spec steps and the health check
  static final String QUEUE = "send-crash";

  /** Long enough that the kill surely lands while the answer is held. */
  static final Duration HOLD = Duration.ofSeconds(5);

  /** SendCommand answers held from the start (the fleet file's knobs apply as it loads). */
  static final String FLEET =
      """
      instances:
        - count: %d
          namePrefix: send-crash
          mode: simulated
          latency: 200ms
          tags: {Application: shop, Environment: sendcrash}
      knobs:
        sendCommandResponseDelay: %dms
      """
          .formatted(INSTANCES, HOLD.toMillis());

  static final String SPEC =
      """
      steps:
        - name: install
          commands: ["echo install {{Version}}"]
          timeoutSeconds: 60
        - name: start
          commands: ["echo start {{App}}"]
          timeoutSeconds: 60
      healthCheck:
        commands: ["echo healthy"]
        timeoutSeconds: 60
      rollback:
        commands: ["echo rolled-back"]
        timeoutSeconds: 60
      """;
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aWorkerKilledBetweenSendCommandAndItsAnswerRunsNoStepTwice() throws Exception {
    try (SeparateProcesses stack = new SeparateProcesses(dir)) {
      try {
        crashInTheSendWindow(stack);
      } catch (Throwable t) {
        System.out.println(stack.tails());
        throw t;
      }
    }
  }

  private void crashInTheSendWindow(SeparateProcesses stack) throws Exception {
    long t0 = System.nanoTime();
    Path fleet = Files.writeString(dir.resolve("fleet.yaml"), FLEET);
    Path spec = Files.writeString(dir.resolve("spec.yaml"), SPEC);
    String temporal = stack.temporal();
    String sim =
        stack.simulator(
            List.of(
                "--fleet", fleet.toString(), "--state-dir", dir.resolve("sim-state").toString()));
    Map<String, String> workerEnv = SeparateProcesses.workerEnv(temporal, sim, QUEUE);
    Process worker1 = stack.worker("worker-1", workerEnv);
    log(t0, "temporal " + temporal + ", simulator " + sim + ", worker 1 up");

    Map<String, String> cliEnv = Map.of("TEMPORAL_ADDRESS", temporal, "SSMFLOW_TASK_QUEUE", QUEUE);
    CliRun deploy =
        CliRun.run(
            cliEnv,
            "deploy",
            "--app",
            "shop",
            "--version",
            "5.0.0",
            "--env",
            "sendcrash",
            "--max-concurrency",
            "2",
            "--spec",
            spec.toString(),
            "--metrics-namespace",
            "none",
            "--output",
            "json");
    assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
    String workflowId = Json.MAPPER.readTree(deploy.out()).get("workflowId").asText();

    // The first SendCommand: created and running in the simulator, its answer held.
    JsonNode held = awaitHeldAnswer(sim, Duration.ofSeconds(60));
    String commandId = held.get("commandId").asText();
    SeparateProcesses.kill(worker1);
    assertThat(worker1.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Instant dead = Instant.now();
    log(
        t0,
        "SIGKILLed worker 1 while the answer to "
            + commandId
            + " ("
            + held.get("comment").asText()
            + ", "
            + held.get("targetCount")
            + " instances) was held");

    // Proof that the kill landed in the window: the answer was still held after the worker died.
    JsonNode stillHeld = admin(sim, "GET", "/_sim/commands/held-responses", null);
    assertThat(stillHeld.get("held").findValuesAsText("commandId"))
        .as("the answer was still held when worker 1 was dead")
        .contains(commandId);
    assertThat(Instant.parse(held.get("releaseAt").asText())).isAfter(dead);
    // The new worker's own sends are answered at once.
    admin(sim, "POST", "/_sim/knobs", "{\"sendCommandResponseDelay\": \"0ms\"}");

    stack.worker("worker-2", workerEnv);
    log(t0, "worker 2 up");
    CliRun watch = CliRun.run(cliEnv, "status", workflowId, "--watch", "--output", "json");
    log(t0, "finished: exit " + watch.exit());
    assertThat(watch.exit()).as(watch.out() + watch.err()).isZero();
    assertThat(Json.MAPPER.readTree(watch.out()).at("/result/outcome").asText())
        .isEqualTo("SUCCEEDED");

    // No step ran twice and every step ran once, from the simulator's run totals.
    JsonNode runs = admin(sim, "GET", "/_sim/runs", null);
    assertThat(runs.at("/repeated/count").asLong())
        .as("command keys run twice: " + runs.get("repeated"))
        .isZero();
    assertThat(runs.get("labels").size()).as(runs.toString()).isEqualTo(STEPS);
    runs.get("labels")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode l = e.getValue();
              assertThat(l.get("instances").asInt()).as(e.getKey()).isEqualTo(INSTANCES);
              assertThat(l.get("runs").asInt()).as(e.getKey()).isEqualTo(INSTANCES);
              assertThat(l.get("maxPerInstance").asInt())
                  .as(e.getKey() + " ran twice somewhere")
                  .isEqualTo(1);
            });
    assertThat(runs.get("runs").asInt()).isEqualTo(INSTANCES * STEPS);

    // The held answer, once released, found the dead worker's connection gone.
    long deadline = System.nanoTime() + HOLD.plusSeconds(10).toNanos();
    JsonNode stats = admin(sim, "GET", "/_sim/stats", null);
    while (stats.at("/undelivered/ssm:SendCommand").asLong(0) < 1 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      stats = admin(sim, "GET", "/_sim/stats", null);
    }
    assertThat(stats.at("/undelivered/ssm:SendCommand").asLong(0))
        .as("SendCommand answers written to a closed connection: " + stats)
        .isGreaterThanOrEqualTo(1);
    log(
        t0,
        "every step ran once on each of "
            + INSTANCES
            + " instances; "
            + stats.at("/calls/ssm:SendCommand")
            + " SendCommands; the held answer to "
            + commandId
            + " was undeliverable");
  }

  /** The first held SendCommand answer the simulator lists. */
  private JsonNode awaitHeldAnswer(String sim, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode held = admin(sim, "GET", "/_sim/commands/held-responses", null).get("held");
      if (!held.isEmpty()) {
        return held.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no SendCommand answer was ever held");
  }

  private JsonNode admin(String sim, String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sim + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private static void log(long t0, String line) {
    System.out.printf("[send-crash +%5.1fs] %s%n", (System.nanoTime() - t0) / 1e9, line);
  }
}
