package io.ssmflow.simulator;

import io.ssmflow.simulator.fleet.FleetFileException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar ssmflow-simulator.jar [--host 127.0.0.1] [--port 4566] [--fleet FILE]
 * [--state-dir DIR] [--threads N]}. Bad arguments: one line on stderr, exit code 2.
 */
public final class SimulatorMain {
  static final String USAGE =
      "usage: ssmflow-simulator [--host 127.0.0.1] [--port 4566] [--fleet FILE]"
          + " [--state-dir DIR] [--threads N]";

  private SimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    SimulatorConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      fail(System.err, e.getMessage());
      return;
    }
    if (config == null) {
      System.out.println(USAGE);
      return;
    }
    Simulator sim;
    try {
      sim = Simulator.start(config);
    } catch (FleetFileException e) {
      fail(System.err, "bad fleet file: " + e.getMessage());
      return;
    } catch (BindException e) {
      fail(System.err, "cannot listen on " + config.host() + ":" + config.port() + ": "
          + e.getMessage() + " (is another simulator running? try --port)");
      return;
    } catch (IOException e) {
      fail(System.err, "cannot start: " + e);
      return;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.close();
      stop.countDown();
    }, "sim-shutdown"));
    System.out.println("ssmflow simulator listening on " + sim.endpoint() + " with "
        + sim.fleet().size() + " instances; state in " + sim.fleet().stateDir());
    System.out.println("  export AWS_ENDPOINT_URL=" + sim.endpoint()
        + " AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test");
    stop.await();
  }

  private static void fail(PrintStream err, String message) {
    err.println("ssmflow-simulator: " + message);
    System.exit(2);
  }

  /** The config the arguments ask for; null for --help. */
  static SimulatorConfig parse(String[] args) {
    SimulatorConfig config = SimulatorConfig.defaults();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value; " + USAGE);
        }
        value = args[++i];
      }
      switch (arg) {
        case "--host" -> config = config.withHost(loopback(value));
        case "--port" -> config = config.withPort(number(arg, value));
        case "--threads" -> config = config.withThreads(number(arg, value));
        case "--fleet" -> {
          Path file = Path.of(value);
          if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("fleet file " + value + " cannot be read");
          }
          config = config.withFleetFile(file);
        }
        case "--state-dir" -> config = config.withStateDir(Path.of(value));
        default -> throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
      }
    }
    return config;
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, not '" + value + "'");
    }
  }

  private static String loopback(String host) {
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException("--host must be a loopback address: simulated"
            + " instances run real commands, so the simulator is never exposed (" + host + ")");
      }
      return host;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + host);
    }
  }
}
