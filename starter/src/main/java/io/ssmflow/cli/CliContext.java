package io.ssmflow.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a command needs from the process that runs it: the environment (Temporal and AWS settings,
 * see {@link TemporalOptions} and {@code AwsClients}), where its output and its error line go, how
 * often a --wait polls, and whether a progress bar can be drawn.
 *
 * @param env the environment; flags override it
 * @param out results and progress
 * @param err the one-line errors and loud warnings
 * @param pollInterval how often a --wait polls the workflow
 * @param terminal whether {@code out} is a terminal
 */
public record CliContext(
    Map<String, String> env,
    PrintWriter out,
    PrintWriter err,
    Duration pollInterval,
    boolean terminal) {
  public CliContext {
    env = Map.copyOf(env);
    Objects.requireNonNull(out, "out is null");
    Objects.requireNonNull(err, "err is null");
    Objects.requireNonNull(pollInterval, "pollInterval is null");
  }

  /** Whether to draw a live progress bar: a terminal and text output. */
  public boolean tty(CommonOptions common) {
    return terminal && !common.json();
  }
}
