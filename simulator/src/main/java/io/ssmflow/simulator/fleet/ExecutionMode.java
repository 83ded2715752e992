package io.ssmflow.simulator.fleet;

/** How an instance executes commands. */
public enum ExecutionMode {
  /** Runs AWS-RunShellScript commands for real with /bin/sh in the instance's sandbox. */
  SHELL,
  /** Runs nothing; completes after the instance's latency with its configured exit code. */
  SIMULATED;

  public static ExecutionMode parse(String text) {
    return switch (text.trim().toLowerCase()) {
      case "shell" -> SHELL;
      case "simulated" -> SIMULATED;
      default ->
          throw new IllegalArgumentException("mode must be shell or simulated, not '" + text + "'");
    };
  }

  public String wireName() {
    return name().toLowerCase();
  }
}
