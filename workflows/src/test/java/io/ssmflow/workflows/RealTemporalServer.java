package io.ssmflow.workflows;

import static org.junit.jupiter.api.Assertions.fail;

import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Temporal server for workflow tests that must run in real time (no time skipping):
 * tools/temporal-dev's launcher ({@code tools/temporal-dev/build.sh}), headless, in memory, on a
 * free loopback port, with ssmflow's search attributes. Tests that use it are skipped when the
 * launcher is not built, unless {@code SSMFLOW_REQUIRE_TEMPORAL=1} (CI sets it), which turns a
 * missing launcher into a failure. The starter's dev stack has the full-featured equivalent.
 */
public final class RealTemporalServer implements AutoCloseable {
  static final Path LAUNCHER = Path.of("tools", "temporal-dev", "bin", "temporal-dev");
  static final boolean REQUIRED = "1".equals(System.getenv("SSMFLOW_REQUIRE_TEMPORAL"));

  private final Process process;
  private final int port;
  private final WorkflowServiceStubs stubs;

  private RealTemporalServer(Process process, int port, WorkflowServiceStubs stubs) {
    this.process = process;
    this.port = port;
    this.stubs = stubs;
  }

  /** Starts the launcher, or skips the calling test when it is not built (see above). */
  public static RealTemporalServer startOrSkip(Path logFile) throws Exception {
    Path launcher = findLauncher();
    if (launcher == null) {
      String why = LAUNCHER + " is not built (tools/temporal-dev/build.sh)";
      if (REQUIRED) {
        fail(why + ", and SSMFLOW_REQUIRE_TEMPORAL=1 requires the real-server tests");
      }
      Assumptions.abort(why + ": real-server test skipped");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                launcher.toString(),
                "--port",
                String.valueOf(port),
                "--headless",
                "--log-level",
                "warn",
                "--exit-on-stdin-eof"));
    for (String name : List.of("SsmflowOperation", "SsmflowApp", "SsmflowEnvironment")) {
      command.addAll(List.of("--search-attribute", name + "=Keyword"));
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    RealTemporalServer server = new RealTemporalServer(process, port, stubs);
    try {
      server.awaitReady(logFile);
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Path logFile) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail(
            "temporal-dev exited with code "
                + process.exitValue()
                + ":\n"
                + Files.readString(logFile));
      }
      try {
        stubs
            .blockingStub()
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .describeNamespace(
                DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
        return;
      } catch (RuntimeException notYet) {
        Thread.sleep(200);
      }
    }
    fail("temporal-dev was not ready in 90 s:\n" + Files.readString(logFile));
  }

  private static Path findLauncher() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(LAUNCHER);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    stubs.shutdownNow();
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
