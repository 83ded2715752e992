package io.ssmflow.cli.schedule;

import io.ssmflow.cli.SsmflowCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** One in-process run of the CLI: exit code, stdout, stderr. */
record Cli(int exit, String out, String err) {
  static Cli run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SsmflowCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true), false);
    return new Cli(exit, out.toString(), err.toString());
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
