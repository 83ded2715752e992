package io.ssmflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/kill-recovery.sh N C KILLS EVERY}: what a SIGKILLed worker costs a rollout. Temporal
 * (the Java test server), the simulator and the worker run as separate JVMs ({@link
 * SeparateProcesses}). One rollout runs undisturbed (the baseline); a second, of the same size, has
 * its worker SIGKILLed every EVERY, KILLS times, a new worker started at once after each kill (as a
 * supervisor would). The cost of a kill is the extra wall time divided by the kills; it includes
 * the new worker's JVM start. Both runs must SUCCEED with every step run exactly once on every
 * instance (the simulator's per-instance run totals): a kill may cost time, never a repeated or a
 * lost step.
 *
 * <p>The last line: {@code n=… c=… kills=… every_s=… base_s=… wall_s=… per_kill_s=… repeated_runs=…
 * sends=…}.
 */
final class KillBench {
  /** Two short steps and the health check: three commands per instance. */
  static final String SPEC =
      """
      steps:
        - name: install
          commands: ["echo install {{Version}}"]
          timeoutSeconds: 60
        - name: restart
          commands: ["echo restart {{App}}"]
          timeoutSeconds: 60
      healthCheck:
        commands: ["echo healthy"]
        timeoutSeconds: 60
      rollback:
        commands: ["echo rollback {{App}}"]
        timeoutSeconds: 60
      """;

  static final int STEPS = 3;
  static final String QUEUE = "kill-bench";

  record Params(int instances, int concurrency, int kills, Duration every) {}

  record Result(
      Params params,
      double baseSeconds,
      double wallSeconds,
      long repeated,
      long sends,
      List<String> failedChecks) {
    String line() {
      return String.format(
          Locale.ROOT,
          "n=%d c=%d kills=%d every_s=%.1f base_s=%.1f wall_s=%.1f"
              + " per_kill_s=%.1f repeated_runs=%d sends=%d",
          params.instances(),
          params.concurrency(),
          params.kills(),
          params.every().toMillis() / 1000.0,
          baseSeconds,
          wallSeconds,
          params.kills() == 0 ? 0.0 : (wallSeconds - baseSeconds) / params.kills(),
          repeated,
          sends);
    }
  }

  private final Params params;
  private final Path work;
  private final PrintStream log;
  private final HttpClient http = HttpClient.newHttpClient();

  KillBench(Params params, Path work, PrintStream log) {
    this.params = params;
    this.work = work;
    this.log = log;
  }

  Result run() throws Exception {
    Path fleet =
        Files.writeString(
            work.resolve("fleet.yaml"),
            """
        instances:
          - count: %d
            namePrefix: kb
            mode: simulated
            latency: 500ms-1s
            tags: {Application: kb, Environment: perf}
        knobs: {pendingDuration: 0ms}
        """
                .formatted(params.instances()));
    Path spec = Files.writeString(work.resolve("spec.yaml"), SPEC);
    List<String> failed = new ArrayList<>();
    try (SeparateProcesses stack = new SeparateProcesses(work)) {
      String temporal = stack.temporal();
      String sim =
          stack.simulator(
              List.of(
                  "--fleet",
                  fleet.toString(),
                  "--state-dir",
                  Files.createDirectories(work.resolve("sim-state")).toString()));
      Map<String, String> workerEnv = SeparateProcesses.workerEnv(temporal, sim, QUEUE);
      Map<String, String> cliEnv =
          Map.of("TEMPORAL_ADDRESS", temporal, "SSMFLOW_TASK_QUEUE", QUEUE);
      Process worker = stack.worker("worker-0", workerEnv);
      log("stack up: %d instances, MaxConcurrency %d", params.instances(), params.concurrency());

      admin(sim, "POST", "/_sim/stats/reset");
      long t0 = System.nanoTime();
      String base = start(cliEnv, spec, "1.0.0");
      checkRun("baseline", watch(cliEnv, base), admin(sim, "GET", "/_sim/runs"), failed);
      double baseSeconds = (System.nanoTime() - t0) / 1e9;
      log("baseline: %.1f s", baseSeconds);

      admin(sim, "POST", "/_sim/stats/reset");
      t0 = System.nanoTime();
      String killed = start(cliEnv, spec, "2.0.0");
      for (int k = 1; k <= params.kills(); k++) {
        Thread.sleep(params.every().toMillis());
        SeparateProcesses.kill(worker);
        worker.waitFor();
        log("kill %d at +%.1f s", k, (System.nanoTime() - t0) / 1e9);
        worker = stack.worker("worker-" + k, workerEnv);
      }
      JsonNode result = watch(cliEnv, killed);
      double wall = (System.nanoTime() - t0) / 1e9;
      JsonNode runs = admin(sim, "GET", "/_sim/runs");
      checkRun("with kills", result, runs, failed);
      JsonNode stats = admin(sim, "GET", "/_sim/stats");
      log("with %d kills: %.1f s", params.kills(), wall);
      failed.forEach(f -> log("CHECK FAILED: %s", f));
      return new Result(
          params,
          baseSeconds,
          wall,
          runs.at("/repeated/count").asLong(),
          stats.at("/calls/ssm:SendCommand").asLong(),
          failed);
    }
  }

  private String start(Map<String, String> cliEnv, Path spec, String version) throws Exception {
    CliRun deploy =
        CliRun.run(
            cliEnv,
            "deploy",
            "--app",
            "kb",
            "--version",
            version,
            "--env",
            "perf",
            "--max-concurrency",
            Integer.toString(params.concurrency()),
            "--max-errors",
            "0",
            "--spec",
            spec.toString(),
            "--metrics-namespace",
            "none",
            "--output",
            "json");
    if (deploy.exit() != 0) {
      throw new IllegalStateException(
          "deploy " + version + " exited " + deploy.exit() + ": " + deploy.err());
    }
    return Json.MAPPER.readTree(deploy.out()).get("workflowId").asText();
  }

  private static JsonNode watch(Map<String, String> cliEnv, String workflowId) throws Exception {
    CliRun watch = CliRun.run(cliEnv, "status", workflowId, "--watch", "--output", "json");
    return Json.MAPPER.readTree(watch.out());
  }

  /** The run SUCCEEDED and every step ran exactly once on every instance. */
  private void checkRun(String name, JsonNode status, JsonNode runs, List<String> failed) {
    String outcome = status.at("/result/outcome").asText();
    if (!outcome.equals("SUCCEEDED")) {
      failed.add(name + ": the run ended " + outcome);
    }
    long n = params.instances();
    if (runs.at("/repeated/count").asLong() != 0) {
      failed.add(name + ": command keys run twice: " + runs.get("repeated"));
    }
    if (runs.get("labels").size() != STEPS) {
      failed.add(name + ": expected " + STEPS + " steps, saw " + runs.get("labels").size());
    }
    runs.get("labels")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode l = e.getValue();
              if (l.get("instances").asLong() != n
                  || l.get("runs").asLong() != n
                  || l.get("maxPerInstance").asInt() != 1) {
                failed.add(
                    name
                        + ": step '"
                        + e.getKey()
                        + "' ran "
                        + l.get("runs")
                        + " times on "
                        + l.get("instances")
                        + " of "
                        + n
                        + " instances");
              }
            });
  }

  private JsonNode admin(String sim, String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sim + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return Json.MAPPER.readTree(r.body());
  }

  private void log(String format, Object... args) {
    log.println("bench: " + String.format(Locale.ROOT, format, args));
  }
}
