package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One in-process run of the CLI: exit code, stdout, stderr. */
record CliRun(int exit, String out, String err) {
  static CliRun run(Map<String, String> env, String... args) {
    return run(env, Duration.ofMillis(200), args);
  }

  /** One run whose {@code --wait}/{@code --watch} refresh every {@code pollInterval}. */
  static CliRun run(Map<String, String> env, Duration pollInterval, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SsmflowCli.run(
            args, env, new PrintWriter(out, true), new PrintWriter(err, true), false, pollInterval);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /**
   * Runs the CLI and asserts it refused bad input: exit code 2, exactly one line on stderr ({@code
   * ssmflow: ...}, no stack trace) and nothing on stdout.
   */
  static CliRun rejected(Map<String, String> env, List<String> args) {
    CliRun run = run(env, args.toArray(new String[0]));
    assertThat(run.exit()).as("exit code of %s (stderr %s)", args, run.err()).isEqualTo(2);
    assertThat(run.errLines()).as("stderr of %s", args).hasSize(1);
    assertThat(run.err()).startsWith("ssmflow: ").doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
    return run;
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
