package io.ssmflow.cli.dev;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.HelpOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.OutputOption;
import io.ssmflow.cli.QueueOptions;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.TemporalOptions;
import io.ssmflow.simulator.fleet.FleetFileException;
import io.ssmflow.simulator.sandbox.SandboxUnavailableException;
import io.ssmflow.worker.WorkerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow dev}: Temporal on 127.0.0.1:7233, the simulator on 127.0.0.1:4566 and a worker,
 * until Ctrl-C. Temporal is a real dev server when one is found ({@link TemporalLauncher}): then
 * the Web UI is on 127.0.0.1:8233 with a codec server on 127.0.0.1:8081 that decrypts payloads for
 * it, and {@code --db FILE} keeps Temporal's state across restarts. Otherwise it is the Java test
 * server in this process, and one line says what was missing.
 */
@Command(
    name = "dev",
    description =
        "Run the dev stack: Temporal (a real dev server when"
            + " available, else the Java test server), fleet simulator and a worker (until Ctrl-C).")
public final class DevCommand implements Callable<Integer> {
  @ParentCommand SsmflowCli cli;
  @Mixin HelpOptions help;
  @Mixin OutputOption output;
  @Mixin QueueOptions queue;

  @Option(
      names = "--temporal-port",
      defaultValue = "7233",
      description = "Temporal port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int temporalPort;

  @Option(
      names = "--sim-port",
      defaultValue = "4566",
      description = "Simulator port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int simPort;

  @Option(
      names = "--fleet",
      paramLabel = "FILE",
      description = "Fleet file (default: 6 shop staging and 4 shop production instances).")
  Path fleet;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Simulator state directory, also where a real Temporal server logs"
              + " (default: a new temp directory).")
  Path stateDir;

  @Option(
      names = "--unsafe-host-exec",
      description =
          "Without bubblewrap, run shell-mode"
              + " commands directly on this host (default: refuse to start).")
  boolean unsafeHostExec;

  @Option(
      names = "--temporal",
      paramLabel = "embedded|cli|PATH",
      description =
          "Temporal server: embedded (the Java test server), cli (`temporal server"
              + " start-dev` from PATH) or the path of `temporal` or tools/temporal-dev's launcher"
              + " (default: the temporal CLI on PATH, else tools/temporal-dev/bin/temporal-dev,"
              + " else embedded).")
  String temporal;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description =
          "SQLite file that keeps Temporal's state across restarts (a real server"
              + " only; default: in memory).")
  Path db;

  @Option(
      names = "--ui-port",
      paramLabel = "PORT",
      description =
          "Web UI port on 127.0.0.1 (a real server only; default: the Temporal port"
              + " + 1000, or a free port with --temporal-port 0).")
  Integer uiPort;

  @Option(
      names = "--codec-port",
      paramLabel = "PORT",
      defaultValue = "8081",
      description =
          "Port of the codec server that decrypts payloads for the Web UI (default:"
              + " ${DEFAULT-VALUE}; 0: a free port).")
  int codecPort;

  @Option(
      names = "--no-worker",
      description =
          "Run Temporal (search attributes registered)"
              + " and the simulator without a worker; start workers with `ssmflow worker`.")
  boolean noWorker;

  @Option(
      names = "--no-push",
      description =
          "Workers poll SSM for every invocation's end instead of having the simulator's SSM push"
              + " the ends to them through SNS (docs/push.md).")
  boolean noPush;

  @Override
  public Integer call() throws InterruptedException {
    DevStack.RealTemporal real = realTemporal();
    DevStack stack =
        start(
            cli,
            TemporalOptions.temporal(cli.env(), queue),
            temporalPort,
            simPort,
            fleet,
            stateDir,
            defaultFleet(),
            real,
            !noWorker,
            !noPush,
            unsafeHostExec);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "ssmflow-dev-shutdown"));
    PrintWriter out = cli.out();
    TemporalServer temporal = stack.temporal();
    String codecUrl =
        stack
            .codecServer()
            .map(c -> "http://" + EmbeddedTemporal.LOOPBACK + ":" + c.port())
            .orElse(null);
    String missing = real == null ? launcher.missing() : null;
    if (output.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("temporalAddress", temporal.address());
      doc.put("temporalServer", launcher.kind().name().toLowerCase(java.util.Locale.ROOT));
      doc.put("webUi", temporal.webUi().orElse(null));
      doc.put("codecServer", codecUrl);
      if (missing != null) {
        doc.put("realTemporalMissing", missing);
      }
      doc.put("simulatorEndpoint", stack.simulator().endpoint().toString());
      doc.put("instances", stack.simulator().fleet().size());
      doc.put("worker", stack.worker() != null);
      doc.put("taskQueue", stack.workerConfig().taskQueue());
      doc.put("codecKeyFile", stack.workerConfig().codecKeyFile().toString());
      doc.put("exports", stack.exports());
      out.println(Json.write(doc));
    } else {
      if (missing != null) {
        out.println(
            "ssmflow dev: no real Temporal server ("
                + missing
                + "): using the Java"
                + " test server, which has no schedules, no `ssmflow list`, no Web UI and keeps"
                + " nothing across restarts");
      }
      out.println(
          "ssmflow dev: Temporal at "
              + temporal.address()
              + " ("
              + temporal.description()
              + "), simulator at "
              + stack.simulator().endpoint()
              + " ("
              + stack.simulator().fleet().size()
              + " instances, state in "
              + stack.simulator().fleet().stateDir()
              + "), "
              + (stack.worker() == null
                  ? "no worker (--no-worker)"
                  : "worker on task queue " + stack.workerConfig().taskQueue())
              + "; payloads encrypted with "
              + stack.workerConfig().codecKeyFile()
              + (codecUrl == null
                  ? ""
                  : ", decrypted for the Web UI by the codec server at " + codecUrl));
      temporal.webUi().ifPresent(ui -> out.println("Web UI: " + ui));
      out.println("In another shell:");
      out.println("  " + stack.exportLine());
      if (stack.worker() == null) {
        out.println("  ./ssmflow worker &");
      }
      out.println("  ./ssmflow deploy --app shop --version 1.0.0 --env staging --wait");
      out.println("Ctrl-C stops everything.");
    }
    out.flush();
    stopped.await();
    return 0;
  }

  private TemporalLauncher launcher;

  /** The real server the flags ask for, or null for the Java test server. */
  private DevStack.RealTemporal realTemporal() {
    try {
      launcher = TemporalLauncher.resolve(temporal, cli.env());
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
    if (!launcher.real()) {
      if (db != null) {
        throw CliError.badInput(
            "--db needs a real Temporal server, and "
                + (launcher.missing() != null
                    ? "there is none (" + launcher.missing() + ")"
                    : "--temporal embedded is the Java test server, which keeps nothing"));
      }
      if (uiPort != null) {
        throw CliError.badInput(
            "--ui-port needs a real Temporal server: the Java test server" + " has no Web UI");
      }
      return null;
    }
    if (db != null) {
      Path dir = db.toAbsolutePath().getParent();
      if (Files.isDirectory(db) || dir == null || !Files.isDirectory(dir)) {
        throw CliError.badInput("--db " + db + ": not a file in an existing directory");
      }
    }
    int ui = uiPort != null ? uiPort : temporalPort == 0 ? 0 : temporalPort + 1000;
    checkPort("ui-port", ui);
    checkPort("codec-port", codecPort);
    if (ui != 0 && (ui == temporalPort || ui == simPort || ui == codecPort)) {
      throw CliError.badInput("ui-port " + ui + " is taken by another of dev's servers");
    }
    if (codecPort != 0 && (codecPort == temporalPort || codecPort == simPort)) {
      throw CliError.badInput(
          "codec-port " + codecPort + " is taken by another of dev's" + " servers");
    }
    return new DevStack.RealTemporal(launcher, ui, codecPort, db);
  }

  /** Validates the flags and starts the stack on the Java test server (for the demo). */
  static DevStack start(
      SsmflowCli cli,
      WorkerConfig config,
      int temporalPort,
      int simPort,
      Path fleet,
      Path stateDir,
      String defaultFleet,
      boolean unsafeHostExec) {
    return start(
        cli,
        config,
        temporalPort,
        simPort,
        fleet,
        stateDir,
        defaultFleet,
        null,
        true,
        true,
        unsafeHostExec);
  }

  /** Validates the flags and starts the stack; problems are one line (exit code 2). */
  static DevStack start(
      SsmflowCli cli,
      WorkerConfig config,
      int temporalPort,
      int simPort,
      Path fleet,
      Path stateDir,
      String defaultFleet,
      DevStack.RealTemporal real,
      boolean worker,
      boolean push,
      boolean unsafeHostExec) {
    checkPort("temporal-port", temporalPort);
    checkPort("sim-port", simPort);
    if (temporalPort != 0 && temporalPort == simPort) {
      throw CliError.badInput("temporal-port and sim-port must differ");
    }
    if (fleet != null && !Files.isReadable(fleet)) {
      throw CliError.badInput("fleet file " + fleet + " cannot be read");
    }
    if (config.codecKeyFile() != null) {
      TemporalConnection.dataConverter(config); // a bad key file is one line before starting
    }
    DevStack.Options options =
        new DevStack.Options(
                temporalPort,
                simPort,
                fleet,
                fleet == null ? defaultFleet : null,
                stateDir,
                config.namespace(),
                config.taskQueue(),
                config.codecKeyFile(),
                unsafeHostExec,
                cli.env().get("PATH"))
            .withRealTemporal(real);
    if (!worker) {
      options = options.withoutWorker();
    }
    if (!push) {
      options = options.withoutPush();
    }
    try {
      return DevStack.start(options);
    } catch (FleetFileException e) {
      throw CliError.badInput("bad fleet file: " + e.getMessage());
    } catch (SandboxUnavailableException e) {
      throw CliError.badInput(e.getMessage());
    } catch (IOException e) {
      if (e instanceof BindException
          || e.getCause() instanceof BindException
          || String.valueOf(e.getMessage()).contains("bind")) {
        throw CliError.badInput(
            "cannot listen on a port of 127.0.0.1 ("
                + Errors.rootMessage(e)
                + "): is another ssmflow dev running? try --temporal-port / --sim-port"
                + (real == null ? "" : " / --ui-port / --codec-port"));
      }
      throw CliError.badInput("cannot start the dev stack: " + Errors.rootMessage(e));
    }
  }

  private static void checkPort(String flag, int port) {
    if (port < 0 || port > 65535) {
      throw CliError.badInput(flag + " must be between 0 and 65535, not " + port);
    }
  }

  /** The built-in fleet of {@code ssmflow dev}. */
  static String defaultFleet() {
    try (InputStream in = DevCommand.class.getResourceAsStream("/dev-fleet.yaml")) {
      if (in == null) {
        throw new IllegalStateException("dev-fleet.yaml is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
