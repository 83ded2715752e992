package io.ssmflow.simulator;

import java.nio.file.Path;

/**
 * How to start a simulator.
 *
 * @param host the address to bind; loopback only, since instances run real commands
 * @param port the port (0: any free port)
 * @param fleetFile a fleet file to load at start (or null)
 * @param fleetYaml fleet YAML text to load at start when there is no file (or null)
 * @param stateDir where instance sandboxes and snapshots live (null: a new temp directory)
 * @param threads HTTP worker threads
 */
public record SimulatorConfig(
    String host, int port, Path fleetFile, String fleetYaml, Path stateDir, int threads) {

  public static final int DEFAULT_PORT = 4566;

  public SimulatorConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
  }

  public static SimulatorConfig defaults() {
    return new SimulatorConfig("127.0.0.1", DEFAULT_PORT, null, null, null, 32);
  }

  /** Any free port on loopback, a temp state dir, the given fleet YAML: for tests. */
  public static SimulatorConfig ephemeral(String fleetYaml) {
    return new SimulatorConfig("127.0.0.1", 0, null, fleetYaml, null, 32);
  }

  public SimulatorConfig withPort(int newPort) {
    return new SimulatorConfig(host, newPort, fleetFile, fleetYaml, stateDir, threads);
  }

  public SimulatorConfig withFleetFile(Path file) {
    return new SimulatorConfig(host, port, file, fleetYaml, stateDir, threads);
  }

  public SimulatorConfig withStateDir(Path dir) {
    return new SimulatorConfig(host, port, fleetFile, fleetYaml, dir, threads);
  }

  public SimulatorConfig withHost(String newHost) {
    return new SimulatorConfig(newHost, port, fleetFile, fleetYaml, stateDir, threads);
  }

  public SimulatorConfig withThreads(int n) {
    return new SimulatorConfig(host, port, fleetFile, fleetYaml, stateDir, n);
  }
}
