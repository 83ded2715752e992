package io.ssmflow.cli.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.Json;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.cli.dev.TemporalProcess;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal server is killed (SIGKILL) in the middle of a rollout and started again on the same
 * SQLite file and port, while the simulator and the worker keep running: the rollout completes,
 * every instance holds the new version, and the simulator's per-instance command counts show that
 * no step ran twice (the retried activities found the commands they had sent by their idempotency
 * keys instead of sending them again).
 */
@Timeout(300)
class TemporalRestartTest {
  static final int INSTANCES = 6;
  static final String FLEET =
      """
      instances:
        - {count: %d, namePrefix: restart, mode: shell,
           tags: {Application: shop, Environment: restart}}
      """
          .formatted(INSTANCES);

  /** About 2 s per instance, so that a rollout at concurrency 2 takes several seconds. */
  static final String SPEC =
      """
      steps:
        - name: install
          commands: ["sleep 1", "mkdir -p /opt/{{App}}", "echo {{Version}} > /opt/{{App}}/VERSION"]
          timeoutSeconds: 60
        - name: start
          commands: ["sleep 1", "date > /opt/{{App}}/RUNNING", "echo started {{Version}}"]
          timeoutSeconds: 60
      healthCheck:
        commands: ["test -f /opt/{{App}}/RUNNING", "grep -qx {{Version}} /opt/{{App}}/VERSION"]
      rollback:
        commands: ["echo rolled-back > /opt/{{App}}/VERSION"]
      """;

  @TempDir Path dir;

  @Test
  void aRolloutSurvivesATemporalRestartAndNoStepRunsTwice() throws Exception {
    Path db = dir.resolve("temporal.db");
    Path spec = Files.writeString(dir.resolve("spec.yaml"), SPEC);
    DevStack.RealTemporal real =
        new DevStack.RealTemporal(RealTemporal.launcherOrSkip(), null, 0, db);
    TemporalProcess restarted = null;
    try (DevStack stack =
        DevStack.start(RealTemporal.options(FLEET, dir.resolve("state"), "restart", real))) {
      Map<String, String> env = stack.exports();
      String id =
          Json.MAPPER
              .readTree(
                  RealTemporal.Cli.run(
                          env,
                          "deploy",
                          "--app",
                          "shop",
                          "--version",
                          "7.0.0",
                          "--env",
                          "restart",
                          "--max-concurrency",
                          "2",
                          "--spec",
                          spec.toString(),
                          "--metrics-namespace",
                          "none",
                          "--output",
                          "json")
                      .ok()
                      .out())
              .get("workflowId")
              .asText();

      SimAdmin sim = new SimAdmin(stack.simulator().endpoint().toString());
      List<String> ids = sim.ids("Environment=restart");
      assertThat(ids).hasSize(INSTANCES);
      String atKill = awaitMidway(sim, ids);
      long killedAt = System.nanoTime();
      TemporalProcess first = (TemporalProcess) stack.temporal();
      first.process().destroyForcibly();
      assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(2000);
      restarted =
          TemporalProcess.start(
              new TemporalProcess.Options(
                  real.launcher(),
                  first.port(),
                  null,
                  "default",
                  db,
                  null,
                  dir.resolve("temporal-2.log")));

      DeploymentResult result;
      try (RealTemporal.Clients clients = RealTemporal.clients(stack)) {
        result =
            clients
                .workflows()
                .newUntypedWorkflowStub(id)
                .getResult(3, TimeUnit.MINUTES, DeploymentResult.class);
      }
      System.out.printf(
          "[restart-test] Temporal killed at %s; the rollout finished %.1f s" + " later%n",
          atKill, (System.nanoTime() - killedAt) / 1e9);
      assertThat(result.outcome())
          .as(result.message() + " (killed at " + atKill + ")")
          .isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(result.succeeded()).isEqualTo(INSTANCES);
      for (String instance : ids) {
        assertThat(sim.file(instance, "/opt/shop/VERSION")).as(instance).isEqualTo("7.0.0");
        Map<String, Integer> counts = sim.commandCounts(instance);
        // install, start and the health check, each exactly once; no rollback
        assertThat(counts).as(instance).hasSize(3);
        assertThat(counts.values()).as(instance + ": " + counts).containsOnly(1);
      }
      assertThat(RealTemporal.Cli.run(env, "status", id).ok().out()).contains("SUCCEEDED");
    } finally {
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  /**
   * Mid-rollout, as the instances show it: some have run every command (install, start, health
   * check), some none yet.
   */
  private static String awaitMidway(SimAdmin sim, List<String> ids) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      int done = 0;
      int untouched = 0;
      for (String id : ids) {
        int commands = sim.commandCounts(id).size();
        done += commands == 3 ? 1 : 0;
        untouched += commands == 0 ? 1 : 0;
      }
      last =
          done
              + " done, "
              + untouched
              + " not started, "
              + (ids.size() - done - untouched)
              + " in flight";
      if (done >= 1 && untouched >= 1) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the rollout never got mid-way: " + last);
  }
}
