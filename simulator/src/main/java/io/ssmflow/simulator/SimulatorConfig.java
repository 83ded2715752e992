package io.ssmflow.simulator;

import java.nio.file.Path;
import java.util.Set;

/**
 * How to start a simulator.
 *
 * @param host the address to bind; loopback unless {@code allowedHosts} names what clients use
 * @param port the port (0: any free port)
 * @param fleetFile a fleet file to load at start (or null)
 * @param fleetYaml fleet YAML text to load at start when there is no file (or null)
 * @param stateDir where instance sandboxes and snapshots live (null: a new temp directory)
 * @param threads HTTP worker threads
 * @param unsafeHostExec run shell-mode commands directly on the host when bubblewrap cannot isolate
 *     them (otherwise shell-mode instances are refused)
 * @param allowedHosts Host header names accepted besides loopback names and the bind address
 * @param toolPath the PATH that bwrap, setpriv and unshare are looked up on (null: this process's
 *     PATH)
 */
public record SimulatorConfig(
    String host,
    int port,
    Path fleetFile,
    String fleetYaml,
    Path stateDir,
    int threads,
    boolean unsafeHostExec,
    Set<String> allowedHosts,
    String toolPath) {

  public static final int DEFAULT_PORT = 4566;

  public SimulatorConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    allowedHosts = allowedHosts == null ? Set.of() : Set.copyOf(allowedHosts);
  }

  /** Shell-mode commands isolated or refused, loopback names only, this process's PATH. */
  public SimulatorConfig(
      String host, int port, Path fleetFile, String fleetYaml, Path stateDir, int threads) {
    this(host, port, fleetFile, fleetYaml, stateDir, threads, false, Set.of(), null);
  }

  public static SimulatorConfig defaults() {
    return new SimulatorConfig("127.0.0.1", DEFAULT_PORT, null, null, null, 32);
  }

  /** Any free port on loopback, a temp state dir, the given fleet YAML: for tests. */
  public static SimulatorConfig ephemeral(String fleetYaml) {
    return new SimulatorConfig("127.0.0.1", 0, null, fleetYaml, null, 32);
  }

  public SimulatorConfig withPort(int newPort) {
    return new SimulatorConfig(
        host,
        newPort,
        fleetFile,
        fleetYaml,
        stateDir,
        threads,
        unsafeHostExec,
        allowedHosts,
        toolPath);
  }

  public SimulatorConfig withFleetFile(Path file) {
    return new SimulatorConfig(
        host, port, file, fleetYaml, stateDir, threads, unsafeHostExec, allowedHosts, toolPath);
  }

  public SimulatorConfig withStateDir(Path dir) {
    return new SimulatorConfig(
        host, port, fleetFile, fleetYaml, dir, threads, unsafeHostExec, allowedHosts, toolPath);
  }

  public SimulatorConfig withHost(String newHost) {
    return new SimulatorConfig(
        newHost,
        port,
        fleetFile,
        fleetYaml,
        stateDir,
        threads,
        unsafeHostExec,
        allowedHosts,
        toolPath);
  }

  public SimulatorConfig withThreads(int n) {
    return new SimulatorConfig(
        host, port, fleetFile, fleetYaml, stateDir, n, unsafeHostExec, allowedHosts, toolPath);
  }

  public SimulatorConfig withUnsafeHostExec(boolean unsafe) {
    return new SimulatorConfig(
        host, port, fleetFile, fleetYaml, stateDir, threads, unsafe, allowedHosts, toolPath);
  }

  public SimulatorConfig withAllowedHosts(Set<String> hosts) {
    return new SimulatorConfig(
        host, port, fleetFile, fleetYaml, stateDir, threads, unsafeHostExec, hosts, toolPath);
  }

  public SimulatorConfig withToolPath(String path) {
    return new SimulatorConfig(
        host, port, fleetFile, fleetYaml, stateDir, threads, unsafeHostExec, allowedHosts, path);
  }
}
