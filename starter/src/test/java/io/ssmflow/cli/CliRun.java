package io.ssmflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One in-process run of the CLI: exit code, stdout, stderr. */
record CliRun(int exit, String out, String err) {
  static CliRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SsmflowCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true),
        false, Duration.ofMillis(200));
    return new CliRun(exit, out.toString(), err.toString());
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
