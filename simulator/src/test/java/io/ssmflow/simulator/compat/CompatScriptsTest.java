package io.ssmflow.simulator.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ssmflow.simulator.Simulator;
import io.ssmflow.simulator.SimulatorConfig;
import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.simulator.TestTools;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the AWS CLI and boto3 scripts in {@code src/test/compat} against a fresh simulator each, so
 * the wire formats are checked by the clients users really have. A script may ship a fleet ({@code
 * NAME.fleet.yaml} beside it, or loaded through the admin API). The boto3 scripts get {@code
 * --moto-url} when moto_server is installed, to compare answer shapes with moto.
 *
 * <p>Where the AWS CLI or boto3 is missing the scripts are skipped, unless {@code
 * SSMFLOW_REQUIRE_COMPAT=1} (CI sets it), which turns a missing tool into a failure.
 */
class CompatScriptsTest {
  private static final Path DIR = Path.of("src/test/compat");
  private static final boolean REQUIRED = TestTools.COMPAT_REQUIRED;
  private static Process moto;
  private static String motoUrl;

  @BeforeAll
  static void startMoto() throws Exception {
    Optional<Path> motoServer = executable("moto_server");
    if (motoServer.isEmpty()) {
      return;
    }
    int port = freePort();
    moto =
        new ProcessBuilder(
                motoServer.get().toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "moto-compat.log"))
            .start();
    // A JVM stopped before @AfterAll (Ctrl-C, SIGTERM) must not leave moto_server behind.
    Process started = moto;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "stop-moto"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        motoUrl = "http://127.0.0.1:" + port;
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.destroy();
    }
  }

  @TestFactory
  Stream<DynamicTest> scripts() throws IOException {
    List<Path> scripts = new ArrayList<>();
    try (Stream<Path> s = Files.list(DIR)) {
      s.filter(p -> p.toString().endsWith(".sh") || p.toString().endsWith(".py"))
          .sorted()
          .forEach(scripts::add);
    }
    assertThat(scripts).as("compat scripts in " + DIR).isNotEmpty();
    return scripts.stream()
        .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
  }

  private void run(Path script) throws Exception {
    boolean python = script.toString().endsWith(".py");
    Optional<Path> tool = python ? pythonWithBoto3() : executable("aws");
    if (tool.isEmpty()) {
      if (REQUIRED) {
        fail(
            (python ? "python3 with boto3" : "the AWS CLI")
                + " is required (SSMFLOW_REQUIRE_COMPAT=1)");
      }
      Assumptions.abort((python ? "python3 with boto3" : "aws") + " not installed");
    }
    String name = script.getFileName().toString();
    Path fleet = DIR.resolve(name.substring(0, name.lastIndexOf('.')) + ".fleet.yaml");
    SimulatorConfig config =
        SimulatorConfig.ephemeral(Files.exists(fleet) ? Files.readString(fleet) : null)
            .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded());
    try (Simulator sim = Simulator.start(config)) {
      List<String> command = new ArrayList<>();
      if (python) {
        command.add(tool.get().toString());
        command.add(script.toString());
        if (motoUrl != null) {
          command.add("--moto-url");
          command.add(motoUrl);
        }
      } else {
        command.add("bash");
        command.add(script.toString());
      }
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      String endpoint = sim.endpoint().toString();
      env.put("AWS_ENDPOINT_URL", endpoint);
      env.put("SIM_URL", endpoint);
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_DEFAULT_REGION", "us-east-1");
      env.put("AWS_ACCESS_KEY_ID", "test");
      env.put("AWS_SECRET_ACCESS_KEY", "test");
      env.put("AWS_PAGER", "");
      env.remove("AWS_PROFILE");
      env.put("PATH", tool.get().getParent() + File.pathSeparator + env.get("PATH"));
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(name + " timed out");
      }
      String output = new String(out, StandardCharsets.UTF_8);
      System.out.println("---- " + name + "\n" + output);
      assertThat(p.exitValue()).as(name + " exit code; output:\n" + output).isZero();
    }
  }

  private static Optional<Path> pythonWithBoto3() throws Exception {
    for (Path candidate : candidates("python3")) {
      Process p =
          new ProcessBuilder(candidate.toString(), "-c", "import boto3")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> executable(String name) {
    return TestTools.executable(name);
  }

  private static List<Path> candidates(String name) {
    return TestTools.candidates(name);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
