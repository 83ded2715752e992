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
 * {@code ssmflow dev}: Temporal (test server) on 127.0.0.1:7233, the simulator on
 * 127.0.0.1:4566 and a worker, in one process, until Ctrl-C.
 */
@Command(name = "dev", description = "Run the embedded stack: Temporal test server, fleet"
    + " simulator and a worker (until Ctrl-C).")
public final class DevCommand implements Callable<Integer> {
  @ParentCommand SsmflowCli cli;
  @Mixin HelpOptions help;
  @Mixin OutputOption output;
  @Mixin QueueOptions queue;
  @Option(names = "--temporal-port", defaultValue = "7233",
      description = "Temporal port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int temporalPort;
  @Option(names = "--sim-port", defaultValue = "4566",
      description = "Simulator port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int simPort;
  @Option(names = "--fleet", paramLabel = "FILE",
      description = "Fleet file (default: 6 shop staging and 4 shop production instances).")
  Path fleet;
  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Simulator state directory (default: a new temp directory).")
  Path stateDir;

  @Override
  public Integer call() throws InterruptedException {
    DevStack stack = start(cli, TemporalOptions.temporal(cli.env(), queue), temporalPort,
        simPort, fleet, stateDir, defaultFleet());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      stopped.countDown();
    }, "ssmflow-dev-shutdown"));
    PrintWriter out = cli.out();
    if (output.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("temporalAddress", stack.temporal().address());
      doc.put("simulatorEndpoint", stack.simulator().endpoint().toString());
      doc.put("instances", stack.simulator().fleet().size());
      doc.put("taskQueue", stack.workerConfig().taskQueue());
      doc.put("codecKeyFile", stack.workerConfig().codecKeyFile().toString());
      doc.put("exports", stack.exports());
      out.println(Json.write(doc));
    } else {
      out.println("ssmflow dev: Temporal at " + stack.temporal().address() + ", simulator at "
          + stack.simulator().endpoint() + " (" + stack.simulator().fleet().size()
          + " instances, state in " + stack.simulator().fleet().stateDir() + "), worker on"
          + " task queue " + stack.workerConfig().taskQueue() + "; payloads encrypted with "
          + stack.workerConfig().codecKeyFile());
      out.println("In another shell:");
      out.println("  " + stack.exportLine());
      out.println("  ./ssmflow deploy --app shop --version 1.0.0 --env staging --wait");
      out.println("Ctrl-C stops everything.");
    }
    out.flush();
    stopped.await();
    return 0;
  }

  /** Validates the flags and starts the stack; problems are one line (exit code 2). */
  static DevStack start(SsmflowCli cli, WorkerConfig config, int temporalPort, int simPort,
      Path fleet, Path stateDir, String defaultFleet) {
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
    try {
      return DevStack.start(new DevStack.Options(temporalPort, simPort, fleet,
          fleet == null ? defaultFleet : null, stateDir, config.namespace(),
          config.taskQueue(), config.codecKeyFile()));
    } catch (FleetFileException e) {
      throw CliError.badInput("bad fleet file: " + e.getMessage());
    } catch (IOException e) {
      if (e instanceof BindException || e.getCause() instanceof BindException
          || String.valueOf(e.getMessage()).contains("bind")) {
        throw CliError.badInput("cannot listen on 127.0.0.1:" + temporalPort + " or "
            + simPort + " (" + Errors.rootMessage(e) + "): is another ssmflow dev running?"
            + " try --temporal-port / --sim-port");
      }
      throw CliError.badInput("cannot start the embedded stack: " + Errors.rootMessage(e));
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
