package io.ssmflow.simulator;

import io.ssmflow.simulator.fleet.FleetFileException;
import io.ssmflow.simulator.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar ssmflow-simulator.jar [--host 127.0.0.1] [--port 4566] [--fleet FILE]
 * [--state-dir DIR] [--threads N] [--allowed-hosts NAME,...] [--unsafe-host-exec]}. Bad arguments:
 * one line on stderr, exit code 2.
 */
public final class SimulatorMain {
  static final String USAGE =
      "usage: ssmflow-simulator [--host 127.0.0.1] [--port 4566] [--fleet FILE]"
          + " [--state-dir DIR] [--threads N] [--allowed-hosts NAME,...] [--unsafe-host-exec]";

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
    } catch (SandboxUnavailableException e) {
      fail(System.err, e.getMessage());
      return;
    } catch (BindException e) {
      fail(
          System.err,
          "cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + ": "
              + e.getMessage()
              + " (is another simulator running? try --port)");
      return;
    } catch (IOException e) {
      fail(System.err, "cannot start: " + e);
      return;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.close();
                  stop.countDown();
                },
                "sim-shutdown"));
    System.out.println(
        "ssmflow simulator listening on "
            + sim.endpoint()
            + " with "
            + sim.fleet().size()
            + " instances; state in "
            + sim.fleet().stateDir());
    System.out.println(
        "  export AWS_ENDPOINT_URL="
            + sim.endpoint()
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
      if (arg.equals("--unsafe-host-exec")) {
        if (value != null) {
          throw new IllegalArgumentException("--unsafe-host-exec takes no value");
        }
        config = config.withUnsafeHostExec(true);
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value; " + USAGE);
        }
        value = args[++i];
      }
      switch (arg) {
        case "--host" -> config = config.withHost(knownHost(value));
        case "--allowed-hosts" -> config = config.withAllowedHosts(hostNames(value));
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
    if (!isLoopback(config.host()) && config.allowedHosts().isEmpty()) {
      throw new IllegalArgumentException(
          "--host "
              + config.host()
              + " is not a loopback"
              + " address: clients elsewhere could then run commands on the simulated instances;"
              + " to do that on purpose, name the host names clients use with --allowed-hosts"
              + " (e.g. --allowed-hosts simulator)");
    }
    return config;
  }

  /** Comma-separated host names (letters, digits, dots, dashes) for the Host check. */
  private static Set<String> hostNames(String list) {
    Set<String> names = new LinkedHashSet<>();
    for (String n : list.split(",")) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!name.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?")) {
        throw new IllegalArgumentException(
            "--allowed-hosts: '"
                + name
                + "' is not a host name"
                + " (letters, digits, '.', '-'; no port, no wildcard)");
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--allowed-hosts needs at least one host name");
    }
    return names;
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, not '" + value + "'");
    }
  }

  private static String knownHost(String host) {
    try {
      InetAddress.getByName(host);
      return host;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--host: unknown host " + host);
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
