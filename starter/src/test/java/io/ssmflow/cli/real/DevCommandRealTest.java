package io.ssmflow.cli.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.dev.TemporalLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssmflow dev} as a user runs it, in its own JVM, on tools/temporal-dev: it prints the Web
 * UI's address and an export line with AWS_DEFAULT_REGION; {@code --db FILE} keeps the runs across
 * a restart; {@code --no-worker} runs Temporal and the simulator alone; and the Temporal server it
 * started goes away with it, whether dev is stopped (SIGTERM) or killed (SIGKILL).
 */
@Timeout(300)
class DevCommandRealTest {
  static final Pattern EXPORT = Pattern.compile("(?m)^  export (.*)$");
  static final Pattern WEB_UI = Pattern.compile("(?m)^Web UI: (http://127\\.0\\.0\\.1:\\d+)$");

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void devKeepsRunsInItsDatabaseAcrossRestartsAndTakesItsServerAlongWhenItStops() throws Exception {
    TemporalLauncher launcher = RealTemporal.launcherOrSkip();
    int temporalPort = freePort();
    int uiPort = freePort();
    Path db = dir.resolve("temporal.db");
    List<String> flags =
        List.of(
            "--temporal",
            launcher.executable().toString(),
            "--temporal-port",
            String.valueOf(temporalPort),
            "--ui-port",
            String.valueOf(uiPort),
            "--sim-port",
            "0",
            "--codec-port",
            "0",
            "--state-dir",
            dir.resolve("state").toString(),
            "--db",
            db.toString(),
            "--task-queue",
            "dev-real");

    // First run: a real server with the Web UI and a worker.
    Process dev = start("dev-1", flags);
    String out = awaitOutput(dev, "dev-1", EXPORT);
    Map<String, String> env = exports(out);
    assertThat(env)
        .containsEntry("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort)
        .containsEntry("AWS_REGION", "us-east-1")
        .containsEntry("AWS_DEFAULT_REGION", "us-east-1")
        .containsKey("AWS_ENDPOINT_URL")
        .containsKey("SSMFLOW_CODEC_KEY_FILE")
        .doesNotContainKey("SSMFLOW_STICKY_EXECUTION");
    Matcher ui = WEB_UI.matcher(out);
    assertThat(ui.find()).as(out).isTrue();
    assertThat(ui.group(1)).isEqualTo("http://127.0.0.1:" + uiPort);
    assertThat(out)
        .contains("(temporal-dev, SQLite " + db)
        .contains("worker on task queue dev-real")
        .contains("decrypted for the Web UI by the codec server at http://127.0.0.1:");
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(ui.group(1)))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<html");

    RealTemporal.Cli.run(
            env,
            "deploy",
            "--app",
            "shop",
            "--version",
            "1.0.0",
            "--env",
            "staging",
            "--max-concurrency",
            "100%",
            "--wait")
        .ok();
    List<ProcessHandle> children = dev.descendants().toList();
    assertThat(children).as("the Temporal server is dev's child").isNotEmpty();

    dev.destroy(); // SIGTERM, as Ctrl-C
    assertThat(dev.waitFor(60, TimeUnit.SECONDS)).isTrue();
    awaitGone(children);
    assertThat(listening(temporalPort)).as("Temporal port released").isFalse();
    assertThat(Files.readString(dir.resolve("state").resolve("temporal.log")))
        .contains("temporal-dev (server v1.31");

    // Second run on the same database, without a worker: the first run's deployment is there.
    List<String> noWorker = new ArrayList<>(flags);
    noWorker.add("--no-worker");
    Process again = start("dev-2", noWorker);
    String out2 = awaitOutput(again, "dev-2", EXPORT);
    assertThat(out2).contains("no worker (--no-worker)").contains("./ssmflow worker &");
    Map<String, String> env2 = exports(out2);
    assertThat(RealTemporal.Cli.run(env2, "status", "deploy-shop-staging-1.0.0").ok().out())
        .contains("SUCCEEDED");
    assertThat(RealTemporal.Cli.run(env2, "list", "--operation", "deploy").ok().out())
        .contains("deploy-shop-staging-1.0.0");

    // Killed outright (no shutdown hook runs): the launcher sees its stdin close and stops.
    List<ProcessHandle> children2 = again.descendants().toList();
    assertThat(children2).isNotEmpty();
    again.destroyForcibly();
    assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
    awaitGone(children2);
  }

  private Process start(String name, List<String> args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                SsmflowCli.class.getName(),
                "dev"));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment()
        .keySet()
        .removeIf(
            k -> k.startsWith("AWS_") || k.startsWith("TEMPORAL_") || k.startsWith("SSMFLOW_"));
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private String awaitOutput(Process p, String name, Pattern pattern) throws Exception {
    Path log = dir.resolve(name + ".log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log);
      if (pattern.matcher(text).find()) {
        return text;
      }
      if (!p.isAlive()) {
        throw new AssertionError(name + " exited " + p.exitValue() + ":\n" + text);
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " never printed " + pattern + ":\n" + Files.readString(log));
  }

  private static Map<String, String> exports(String out) {
    Matcher m = EXPORT.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    Map<String, String> env = new LinkedHashMap<>();
    for (String pair : m.group(1).split(" ")) {
      int eq = pair.indexOf('=');
      env.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return env;
  }

  private static void awaitGone(List<ProcessHandle> handles) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && handles.stream().anyMatch(ProcessHandle::isAlive)) {
      Thread.sleep(100);
    }
    assertThat(
            handles.stream()
                .filter(ProcessHandle::isAlive)
                .map(h -> h.info().command().orElse("?") + " (pid " + h.pid() + ")")
                .toList())
        .as("left running")
        .isEmpty();
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
