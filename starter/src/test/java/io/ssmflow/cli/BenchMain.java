package io.ssmflow.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of {@code bench/rollout-bound.sh} and {@code bench/patch-bound.sh} (run from the
 * starter's test classpath): {@code rollout N C LATENCY OUT} or {@code patch N C LATENCY SNAPSHOT
 * OUT}. Progress goes to stdout as {@code bench: ...} lines; the one-line key=value result is
 * written to OUT; the simulator's state goes to {@code run/} beside OUT. Exit 0 when every check
 * passed, 1 when one failed (OUT is still written), 2 on bad arguments (one line on stderr, nothing
 * started).
 */
public final class BenchMain {
  static final String USAGE =
      "usage: BenchMain rollout N C LATENCY OUT"
          + " | patch N C LATENCY SNAPSHOT OUT | kill N C KILLS EVERY OUT";

  private BenchMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("kill")) {
      System.exit(kill(args));
    }
    FleetBench.Params params;
    Path out;
    try {
      params = parse(args);
      out = Path.of(args[args.length - 1]);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    int code;
    try {
      // Beside OUT, so the script that made OUT's directory removes the state with it.
      Path parent = out.toAbsolutePath().getParent();
      Path work = Files.createDirectories(parent.resolve("run"));
      FleetBench.Result result =
          new FleetBench(params, work, new PrintStream(System.out, true, StandardCharsets.UTF_8))
              .run();
      Files.writeString(out, result.line() + "\n");
      code = result.failedChecks().isEmpty() ? 0 : 1;
    } catch (Exception e) {
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  static FleetBench.Params parse(String[] args) {
    if (args.length == 5 && args[0].equals("rollout")) {
      return new FleetBench.Params(
          "rollout", number("N", args[1]), number("C", args[2]), args[3], null);
    }
    if (args.length == 6 && args[0].equals("patch")) {
      return new FleetBench.Params(
          "patch", number("N", args[1]), number("C", args[2]), args[3], args[4]);
    }
    throw new IllegalArgumentException(USAGE);
  }

  /** {@code kill N C KILLS EVERY OUT}: {@link KillBench}. */
  private static int kill(String[] args) {
    KillBench.Params params;
    try {
      if (args.length != 6) {
        throw new IllegalArgumentException(USAGE);
      }
      params =
          new KillBench.Params(
              number("N", args[1]),
              number("C", args[2]),
              number("KILLS", args[3]),
              Durations.parse("EVERY", args[4]));
      if (params.every().isNegative() || params.every().isZero()) {
        throw new IllegalArgumentException("EVERY must be positive, not '" + args[4] + "'");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      return 2;
    }
    try {
      Path out = Path.of(args[5]);
      Path work = Files.createDirectories(out.toAbsolutePath().getParent().resolve("run"));
      KillBench.Result result =
          new KillBench(params, work, new PrintStream(System.out, true, StandardCharsets.UTF_8))
              .run();
      Files.writeString(out, result.line() + "\n");
      return result.failedChecks().isEmpty() ? 0 : 1;
    } catch (Exception e) {
      e.printStackTrace();
      return 1;
    }
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
    }
  }
}
