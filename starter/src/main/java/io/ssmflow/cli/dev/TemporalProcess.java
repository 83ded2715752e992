package io.ssmflow.cli.dev;

import static java.util.Objects.requireNonNull;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Temporal dev server (frontend, history, matching, worker services on SQLite, and the Web
 * UI) in a child process: the official {@code temporal server start-dev} or ssmflow's launcher
 * (tools/temporal-dev), with the same flags. It binds loopback only; its output goes to a log file;
 * ssmflow's search attributes are registered before {@link #start} returns; {@link #close} (or this
 * JVM's exit, through a shutdown hook) stops it.
 */
public final class TemporalProcess implements TemporalServer {
  static final String LOOPBACK = EmbeddedTemporal.LOOPBACK;

  /** A cold start on SQLite takes 1-3 s; a loaded CI machine is given far more. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  static final Duration STOP_GRACE = Duration.ofSeconds(15);

  /** How long the exit hook waits for the owner to close the server (workers go first). */
  static final Duration REAPER_WAIT = Duration.ofSeconds(30);

  private final Process process;
  private final Thread reaper;
  private final CountDownLatch closed;
  private final TemporalLauncher launcher;
  private final int port;
  private final Integer uiPort;
  private final Path dbFile;
  private final Path logFile;

  private TemporalProcess(
      Process process,
      Thread reaper,
      CountDownLatch closed,
      TemporalLauncher launcher,
      int port,
      Integer uiPort,
      Path dbFile,
      Path logFile) {
    this.process = process;
    this.reaper = reaper;
    this.closed = closed;
    this.launcher = launcher;
    this.port = port;
    this.uiPort = uiPort;
    this.dbFile = dbFile;
    this.logFile = logFile;
  }

  /**
   * What to start.
   *
   * @param launcher the CLI or the launcher (not the embedded test server)
   * @param port the frontend port on 127.0.0.1 (0: a free port)
   * @param uiPort the Web UI port on 127.0.0.1 (0: a free port; null: no Web UI)
   * @param namespace the namespace to create (with ssmflow's search attributes)
   * @param dbFile the SQLite file that keeps the state across restarts (null: in memory)
   * @param codecEndpoint the codec server the Web UI decodes payloads with (null: none)
   * @param logFile where the server's output goes (appended)
   */
  public record Options(
      TemporalLauncher launcher,
      int port,
      Integer uiPort,
      String namespace,
      Path dbFile,
      String codecEndpoint,
      Path logFile) {
    public Options {
      requireNonNull(launcher, "launcher is null");
      requireNonNull(namespace, "namespace is null");
      requireNonNull(logFile, "logFile is null");
      if (!launcher.real()) {
        throw new IllegalArgumentException("the embedded test server is not a process");
      }
    }
  }

  /**
   * Starts the server and waits until it serves the namespace with ssmflow's search attributes.
   *
   * @throws IOException when it cannot be started, exits, or is not ready in time (the message
   *     carries the end of its log)
   */
  public static TemporalProcess start(Options options) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(options);
      } catch (ExitedAtStart e) {
        // The server binds several ports picked as free just before (ours when asked for 0, and
        // the launcher's own for its internal services): another process can take one first.
        // A server that exits while starting is started again on fresh ports, twice at most.
        if (attempt >= START_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** How many times a server that exits while starting is started. */
  static final int START_ATTEMPTS = 3;

  /** The server process exited before it was ready. */
  static final class ExitedAtStart extends IOException {
    ExitedAtStart(String message) {
      super(message);
    }
  }

  private static TemporalProcess startOnce(Options options) throws IOException {
    int port = options.port() == 0 ? Ports.free() : options.port();
    Integer uiPort =
        options.uiPort() == null ? null : options.uiPort() == 0 ? Ports.free() : options.uiPort();
    List<String> command = command(options, port, uiPort);
    Files.createDirectories(options.logFile().toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(options.logFile().toFile()))
            .start();
    // Whatever ends this JVM, the server goes with it. On Ctrl-C the owner's own hook closes
    // its workers and then this server (close below); the reaper waits for that, so a worker
    // never shuts down against a server that is already gone, and stops the server itself only
    // when nobody closes it.
    CountDownLatch closed = new CountDownLatch(1);
    Thread reaper =
        new Thread(
            () -> {
              try {
                closed.await(REAPER_WAIT.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              stop(process);
            },
            "ssmflow-temporal-stop");
    Runtime.getRuntime().addShutdownHook(reaper);
    TemporalProcess server =
        new TemporalProcess(
            process,
            reaper,
            closed,
            options.launcher(),
            port,
            uiPort,
            options.dbFile(),
            options.logFile());
    try {
      server.awaitReady(options.namespace());
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  static List<String> command(Options options, int port, Integer uiPort) {
    List<String> command = new ArrayList<>();
    command.add(options.launcher().executable().toString());
    if (options.launcher().kind() == TemporalLauncher.Kind.CLI) {
      command.addAll(List.of("server", "start-dev"));
    }
    command.addAll(
        List.of(
            "--ip",
            LOOPBACK,
            "--port",
            String.valueOf(port),
            "--namespace",
            options.namespace(),
            "--log-level",
            "warn"));
    if (uiPort == null) {
      command.add("--headless");
    } else {
      command.addAll(List.of("--ui-port", String.valueOf(uiPort)));
      if (options.codecEndpoint() != null) {
        command.addAll(List.of("--ui-codec-endpoint", options.codecEndpoint()));
      }
    }
    if (options.dbFile() != null) {
      command.addAll(List.of("--db-filename", options.dbFile().toAbsolutePath().toString()));
    }
    for (SearchAttributeKey<String> key : EmbeddedTemporal.KEYWORDS) {
      command.addAll(List.of("--search-attribute", key.getName() + "=Keyword"));
    }
    if (options.launcher().kind() == TemporalLauncher.Kind.LAUNCHER) {
      // Our stdin is a pipe: when this JVM dies without running its hooks (SIGKILL), the pipe
      // closes and the launcher stops by itself.
      command.add("--exit-on-stdin-eof");
    }
    return command;
  }

  /** Polls until the namespace answers and carries ssmflow's search attributes. */
  private void awaitReady(String namespace) throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String lastError = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new ExitedAtStart(
            launcher.kind() == TemporalLauncher.Kind.CLI
                ? "`temporal server start-dev` exited with code " + process.exitValue() + logTail()
                : launcher.executable() + " exited with code " + process.exitValue() + logTail());
      }
      try {
        if (ready(namespace)) {
          return;
        }
        lastError = "search attributes not yet visible";
      } catch (RuntimeException e) {
        lastError = String.valueOf(e.getMessage());
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Temporal");
      }
    }
    throw new IOException(
        "Temporal at "
            + address()
            + " was not ready within "
            + READY_TIMEOUT.toSeconds()
            + " s ("
            + lastError
            + ")"
            + logTail());
  }

  /**
   * One readiness check: the namespace is described and ssmflow's search attributes are registered
   * (those missing, e.g. in a database file made by an older run, are added).
   */
  private boolean ready(String namespace) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(address())
                .setRpcTimeout(Duration.ofSeconds(2))
                .validateAndBuildWithDefaults());
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      ListSearchAttributesResponse have =
          operator
              .blockingStub()
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      AddSearchAttributesRequest.Builder add =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (SearchAttributeKey<String> key : EmbeddedTemporal.KEYWORDS) {
        if (!have.getCustomAttributesMap().containsKey(key.getName())) {
          add.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
      }
      if (add.getSearchAttributesCount() > 0) {
        operator
            .blockingStub()
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .addSearchAttributes(add.build());
        return false;
      }
      return uiPort == null || listening(uiPort);
    } finally {
      operator.shutdownNow();
      stubs.shutdownNow();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
      return tail.isEmpty()
          ? " (its log " + logFile + " is empty)"
          : "; its log " + logFile + " ends: " + String.join(" | ", tail);
    } catch (IOException e) {
      return " (see " + logFile + ")";
    }
  }

  @Override
  public String address() {
    return LOOPBACK + ":" + port;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public Optional<String> webUi() {
    return uiPort == null ? Optional.empty() : Optional.of("http://" + LOOPBACK + ":" + uiPort);
  }

  @Override
  public String description() {
    String what =
        launcher.kind() == TemporalLauncher.Kind.CLI ? "temporal server start-dev" : "temporal-dev";
    return what + ", " + (dbFile == null ? "in memory" : "SQLite " + dbFile) + ", log " + logFile;
  }

  @Override
  public boolean stickyExecutionSafe() {
    return true;
  }

  public Path logFile() {
    return logFile;
  }

  /** The server's process (tests stop and restart it). */
  public Process process() {
    return process;
  }

  /** Stops the server: SIGTERM, then SIGKILL after a grace period. */
  @Override
  public void close() {
    try {
      stop(process);
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook runs and returns at once
      }
    }
  }

  private static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
