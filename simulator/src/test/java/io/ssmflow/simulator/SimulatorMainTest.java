package io.ssmflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone entry point, as a separate process: start-up, bad input, exit codes. */
class SimulatorMainTest {
  @TempDir Path tmp;

  private Process launch(String... args) throws IOException {
    return launch(Map.of(), args);
  }

  private Process launch(Map<String, String> env, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SimulatorMain.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    pb.environment().putAll(env);
    return pb.start();
  }

  /** The first stdout line of a started simulator: "... listening on URL ...". */
  private static String firstLine(Process p) throws IOException {
    return new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
  }

  @Test
  void shellModeWithoutBubblewrapRefusesToStartAndNamesTheFix() throws Exception {
    Path fleet = tmp.resolve("fleet.yaml");
    Files.writeString(fleet, "instances:\n  - name: web-1\n    mode: shell\n");
    // No bwrap on this PATH: the simulator must not fall back to running commands on the host.
    Map<String, String> noBwrap = Map.of("PATH", tmp.resolve("empty-bin").toString());
    Process p = launch(noBwrap, "--port", "0", "--fleet", fleet.toString());
    String err = stderr(p);
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.lines()).hasSize(1);
    assertThat(err.strip())
        .startsWith(
            "ssmflow-simulator: shell-mode instances run real" + " commands and need bubblewrap")
        .contains("bwrap (bubblewrap) is not on PATH")
        .contains("apt-get install bubblewrap")
        .contains("--unsafe-host-exec");

    Process unsafe =
        launch(
            noBwrap,
            "--port",
            "0",
            "--fleet",
            fleet.toString(),
            "--unsafe-host-exec",
            "--state-dir",
            tmp.resolve("unsafe").toString());
    try {
      assertThat(firstLine(unsafe)).startsWith("ssmflow simulator listening on");
    } finally {
      unsafe.destroy();
      unsafe.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNonLoopbackBindAnswersOnlyTheAllowedHostNames() throws Exception {
    Process p =
        launch(
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--allowed-hosts",
            "simulator.test",
            "--state-dir",
            tmp.resolve("state").toString());
    try {
      String line = firstLine(p);
      assertThat(line).startsWith("ssmflow simulator listening on http://127.0.0.1:");
      int port = Integer.parseInt(line.replaceAll(".* on http://[^:]+:(\\d+) .*", "$1"));
      assertThat(rawGet(port, "simulator.test:" + port)).startsWith("HTTP/1.1 200");
      assertThat(rawGet(port, "localhost:" + port)).startsWith("HTTP/1.1 200");
      assertThat(rawGet(port, "attacker.example:" + port)).startsWith("HTTP/1.1 403");
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String rawGet(int port, String host) throws IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.getOutputStream()
          .write(
              ("GET /_sim/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String stderr(Process p) throws Exception {
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void badArgumentsGiveOneLineAndExitCode2() throws Exception {
    Process p = launch("--port", "abc");
    String err = stderr(p);
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.strip()).isEqualTo("ssmflow-simulator: --port must be a number, not 'abc'");

    Process q = launch("--host", "0.0.0.0");
    assertThat(stderr(q).strip())
        .startsWith("ssmflow-simulator: --host 0.0.0.0 is not a" + " loopback address")
        .contains("--allowed-hosts")
        .doesNotContain("\n");
    assertThat(q.exitValue()).isEqualTo(2);

    Process h = launch("--allowed-hosts", "sim:4566");
    assertThat(stderr(h).strip())
        .isEqualTo(
            "ssmflow-simulator: --allowed-hosts: 'sim:4566' is"
                + " not a host name (letters, digits, '.', '-'; no port, no wildcard)");
    assertThat(h.exitValue()).isEqualTo(2);

    Process r = launch("--bogus", "1");
    assertThat(stderr(r)).startsWith("ssmflow-simulator: unknown option --bogus");
    assertThat(r.exitValue()).isEqualTo(2);
  }

  @Test
  void badFleetFileNamesFileAndLine() throws Exception {
    Path fleet = tmp.resolve("fleet.yaml");
    Files.writeString(fleet, "instances:\n  - namePrefix: web\n    count: many\n");
    Process p = launch("--port", "0", "--fleet", fleet.toString());
    String err = stderr(p);
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.strip())
        .isEqualTo(
            "ssmflow-simulator: bad fleet file: "
                + fleet
                + ":3: 'count' must be a whole number, not 'many'");
  }

  @Test
  void startsWithAFleetAndServes() throws Exception {
    Path fleet = tmp.resolve("fleet.yaml");
    Files.writeString(
        fleet,
        """
        instances:
          - count: 3
            namePrefix: web
            tags: {Environment: staging}
        """);
    long started = System.nanoTime();
    Process p =
        launch(
            "--port",
            "0",
            "--fleet",
            fleet.toString(),
            "--state-dir",
            tmp.resolve("state").toString());
    try {
      var out =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line)
          .as("first line")
          .startsWith("ssmflow simulator listening on http://127.0.0.1:")
          .contains("with 3 instances");
      String url = line.replaceAll(".* on (http://[^ ]+) .*", "$1");
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "/_sim/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).contains("\"instances\" : 3");
      System.out.printf(
          "simulator ready in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      assertThat(tmp.resolve("state").resolve("instances").toFile().list()).hasSize(3);
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(new File(tmp.toFile(), "state")).isDirectory();
  }
}
