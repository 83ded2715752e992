package io.ssmflow.cli;

import io.ssmflow.simulator.SimulatorMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack as separate JVMs for crash tests: a Temporal test server, a simulator and workers, each
 * with its output in a log file under {@code dir}, so one of them can be SIGKILLed while the others
 * keep their state. {@link #close} kills whatever is still running.
 */
final class SeparateProcesses implements AutoCloseable {
  static final Pattern SIM_ENDPOINT = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
  static final Pattern TEMPORAL_READY = Pattern.compile("temporal ready (127\\.0\\.0\\.1:\\d+)");
  static final Pattern WORKER_READY = Pattern.compile("(ssmflow worker on task queue)");

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();

  SeparateProcesses(Path dir) {
    this.dir = dir;
  }

  /** Starts the Temporal test server; answers its address once it serves. */
  String temporal() throws Exception {
    Process p = start("temporal", List.of(StandaloneTemporal.class.getName()), Map.of());
    return awaitLine(p, TEMPORAL_READY, Duration.ofSeconds(60));
  }

  /** Starts the simulator with these extra arguments; answers its endpoint once it serves. */
  String simulator(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(SimulatorMain.class.getName(), "--port", "0"));
    cmd.addAll(args);
    Process p = start("simulator", cmd, Map.of());
    return awaitLine(p, SIM_ENDPOINT, Duration.ofSeconds(60));
  }

  /**
   * The environment of a worker on this task queue against this Temporal and simulator. Sticky
   * execution is off: the test server never moves a dead worker's sticky tasks back to the shared
   * queue.
   */
  static Map<String, String> workerEnv(String temporal, String sim, String queue) {
    return Map.of(
        "TEMPORAL_ADDRESS", temporal,
        "SSMFLOW_TASK_QUEUE", queue,
        "AWS_ENDPOINT_URL", sim,
        "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "test",
        "AWS_SECRET_ACCESS_KEY", "test",
        "SSMFLOW_STICKY_EXECUTION", "false");
  }

  /** Starts {@code ssmflow worker} with this environment; answers once it polls. */
  Process worker(String name, Map<String, String> env) throws Exception {
    Process p = start(name, List.of(SsmflowCli.class.getName(), "worker"), env);
    awaitLine(p, WORKER_READY, Duration.ofSeconds(60));
    return p;
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

  /** Waits for a line of the process's output to match; answers the first group. */
  private String awaitLine(Process p, Pattern pattern, Duration timeout) throws Exception {
    Path log = logs.get(processes.indexOf(p));
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
      Thread.sleep(50);
    }
    throw new AssertionError(
        log.getFileName() + " never printed " + pattern + ":\n" + Files.readString(log));
  }

  /** SIGKILL: no shutdown hook, no graceful worker shutdown; children first. */
  static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** The end of every log, for a failing test's output. */
  String tails() throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path log : logs) {
      String text = Files.readString(log);
      b.append("----- ")
          .append(log.getFileName())
          .append('\n')
          .append(text.length() <= 6000 ? text : text.substring(text.length() - 6000));
    }
    return b.toString();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      kill(p);
    }
    for (Process p : processes) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
