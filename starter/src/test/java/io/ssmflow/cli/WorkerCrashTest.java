package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.SimulatorMain;
import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentProgress;
import io.ssmflow.workflows.deploy.DeploymentResult;
import io.ssmflow.workflows.deploy.DeploymentWorkflow;
import io.ssmflow.workflows.deploy.InstanceProgress;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 item 7, the crash test: the Temporal test server, the simulator and the worker run as
 * three separate JVMs. The worker is SIGKILLed in the middle of a rollout and a second one is
 * started; the rollout completes, every instance holds the new version, and the simulator's command
 * history shows that no instance ran any step's command twice, so the retried activities found the
 * commands the dead worker had sent (by their Comment key) instead of sending them again.
 */
class WorkerCrashTest {
  static final int INSTANCES = 10;
  static final String APP = "shop";
  static final String ENV = "crash";
  static final String VERSION = "4.2.0";
  static final String QUEUE = "crash";
  static final String FLEET =
      """
      instances:
        - count: %d
          namePrefix: shop-crash
          mode: shell
          tags: {Application: shop, Environment: crash}
      """
          .formatted(INSTANCES);

  /** Slow steps (a sleep each) so that a rollout at concurrency 2 takes several seconds. */
  static final String SPEC =
      """
      steps:
        - name: install
          commands: ["mkdir -p /opt/{{App}}", "sleep 1",
                     "echo {{Version}} > /opt/{{App}}/VERSION"]
          timeoutSeconds: 60
        - name: start
          commands: ["sleep 1", "date > /opt/{{App}}/RUNNING", "echo started {{Version}}"]
          timeoutSeconds: 60
      healthCheck:
        commands: ["test -f /opt/{{App}}/RUNNING",
                   "grep -qx {{Version}} /opt/{{App}}/VERSION"]
        timeoutSeconds: 60
      rollback:
        commands: ["echo rolled-back > /opt/{{App}}/VERSION"]
        timeoutSeconds: 60
      """;

  static final Pattern SIM_ENDPOINT = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
  static final Pattern TEMPORAL_READY = Pattern.compile("temporal ready (127\\.0\\.0\\.1:\\d+)");

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private WorkflowServiceStubs stubs;

  @AfterEach
  void killEverything() throws Exception {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    for (Process p : processes) {
      kill(p);
    }
    for (Process p : processes) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKilledWorkerIsReplacedAndNoInstallRunsTwice() throws Exception {
    try {
      crashMidRollout();
    } catch (Throwable t) {
      for (Path log : logs) {
        System.out.println("----- " + log.getFileName() + "\n" + tail(Files.readString(log)));
      }
      throw t;
    }
  }

  private static String tail(String text) {
    return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
  }

  private void crashMidRollout() throws Exception {
    long t0 = System.nanoTime();
    Path fleet = Files.writeString(dir.resolve("fleet.yaml"), FLEET);
    Path spec = Files.writeString(dir.resolve("spec.yaml"), SPEC);
    Files.createDirectories(dir.resolve("sim-state"));

    Process temporalProc = start("temporal", List.of(StandaloneTemporal.class.getName()), Map.of());
    List<String> simArgs =
        new ArrayList<>(
            List.of(
                SimulatorMain.class.getName(),
                "--port",
                "0",
                "--fleet",
                fleet.toString(),
                "--state-dir",
                dir.resolve("sim-state").toString()));
    if (TestSandbox.unsafeHostExecNeeded()) {
      simArgs.add("--unsafe-host-exec");
    }
    Process simProc = start("simulator", simArgs, Map.of());
    String temporal = awaitLine(temporalProc, 0, TEMPORAL_READY, Duration.ofSeconds(60));
    String sim = awaitLine(simProc, 1, SIM_ENDPOINT, Duration.ofSeconds(60));
    Map<String, String> workerEnv =
        Map.of(
            "TEMPORAL_ADDRESS",
            temporal,
            "SSMFLOW_TASK_QUEUE",
            QUEUE,
            "AWS_ENDPOINT_URL",
            sim,
            "AWS_REGION",
            "us-east-1",
            "AWS_ACCESS_KEY_ID",
            "test",
            "AWS_SECRET_ACCESS_KEY",
            "test",
            // The test server never moves a dead worker's sticky tasks back to the shared queue.
            "SSMFLOW_STICKY_EXECUTION",
            "false");
    Process worker1 = start("worker-1", List.of(SsmflowCli.class.getName(), "worker"), workerEnv);
    awaitLine(
        worker1, 2, Pattern.compile("(ssmflow worker on task queue)"), Duration.ofSeconds(60));
    log(t0, "temporal " + temporal + ", simulator " + sim + ", worker 1 up");

    CliRun deploy =
        CliRun.run(
            Map.of("TEMPORAL_ADDRESS", temporal, "SSMFLOW_TASK_QUEUE", QUEUE),
            "deploy",
            "--app",
            APP,
            "--version",
            VERSION,
            "--env",
            ENV,
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
    log(t0, "started " + workflowId);

    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporal).build());
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    DeploymentWorkflow query = client.newWorkflowStub(DeploymentWorkflow.class, workflowId);
    // Mid-way: some instances done, some still to do, and commands in flight.
    DeploymentProgress atKill =
        awaitProgress(
            query,
            p -> p.succeeded() >= 2 && p.pending() >= 2 && p.inFlight() >= 1,
            Duration.ofSeconds(60));
    kill(worker1);
    assertThat(worker1.waitFor(10, TimeUnit.SECONDS)).isTrue();
    log(
        t0,
        "SIGKILLed worker 1 (exit "
            + worker1.exitValue()
            + ") at succeeded="
            + atKill.succeeded()
            + " inFlight="
            + atKill.inFlight()
            + " pending="
            + atKill.pending());

    Thread.sleep(1000);
    Process worker2 = start("worker-2", List.of(SsmflowCli.class.getName(), "worker"), workerEnv);
    awaitLine(
        worker2, 3, Pattern.compile("(ssmflow worker on task queue)"), Duration.ofSeconds(60));
    log(t0, "worker 2 up");

    DeploymentResult result =
        client
            .newUntypedWorkflowStub(workflowId)
            .getResult(3, TimeUnit.MINUTES, DeploymentResult.class);
    log(
        t0,
        "finished: "
            + result.outcome()
            + " "
            + result.succeeded()
            + "/"
            + result.total()
            + " ("
            + result.durationSeconds()
            + " s in the workflow)");

    assertThat(result.outcome()).as(result.message()).isEqualTo(DeploymentOutcome.SUCCEEDED);
    assertThat(result.total()).isEqualTo(INSTANCES);
    assertThat(result.succeeded()).isEqualTo(INSTANCES);
    assertThat(result.instances()).hasSize(INSTANCES);
    int commandRuns = 0;
    for (InstanceProgress i : result.instances()) {
      String id = i.instanceId();
      assertThat(file(sim, id, "/opt/shop/VERSION")).as(id).isEqualTo(VERSION);
      JsonNode history = admin(sim, "/_sim/instances/" + id + "/commands");
      Map<String, Integer> counts = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = history.get("counts").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        counts.put(e.getKey(), e.getValue().asInt());
      }
      // install, start, health: each exactly once; no rollback.
      assertThat(counts).as(id + " history " + history.get("commands")).hasSize(3);
      assertThat(counts.keySet())
          .as(id)
          .anyMatch(t -> t.contains("echo " + VERSION + " >"))
          .anyMatch(t -> t.contains("RUNNING") && t.contains("date"))
          .anyMatch(t -> t.contains("grep -qx " + VERSION))
          .noneMatch(t -> t.contains("rolled-back"));
      assertThat(counts.values()).as(id + " ran a step twice: " + counts).containsOnly(1);
      commandRuns += history.get("runs").asInt();
    }
    log(
        t0,
        "every instance on "
            + VERSION
            + "; "
            + commandRuns
            + " command runs in all, "
            + "each step once per instance");
  }

  private Process start(String name, List<String> mainAndArgs, Map<String, String> env)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path")));
    cmd.addAll(mainAndArgs);
    Path out = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment()
        .keySet()
        .removeIf(
            k -> k.startsWith("AWS_") || k.startsWith("TEMPORAL_") || k.startsWith("SSMFLOW_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    logs.add(out);
    return p;
  }

  /** Waits for a line of the process's output to match; returns the first group. */
  private String awaitLine(Process p, int index, Pattern pattern, Duration timeout)
      throws Exception {
    Path log = logs.get(index);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(Files.readString(log));
      if (m.find()) {
        return m.group(1);
      }
      if (!p.isAlive()) {
        throw new AssertionError(
            log.getFileName() + " exited " + p.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        log.getFileName() + " never printed " + pattern + ":\n" + Files.readString(log));
  }

  private static DeploymentProgress awaitProgress(
      DeploymentWorkflow query, Predicate<DeploymentProgress> wanted, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    DeploymentProgress last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = query.progress();
        if (wanted.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        // Not started yet, or the first workflow task has not run: ask again.
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the rollout never got mid-way; last progress " + last);
  }

  private JsonNode admin(String sim, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(sim + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private String file(String sim, String instanceId, String path) throws Exception {
    return admin(sim, "/_sim/instances/" + instanceId + "/files?path=" + path)
        .get("content")
        .asText()
        .trim();
  }

  /** SIGKILL: no shutdown hook, no graceful worker shutdown; children first. */
  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static void log(long t0, String line) {
    System.out.printf("[crash-test +%5.1fs] %s%n", (System.nanoTime() - t0) / 1e9, line);
  }
}
