package io.ssmflow.cli.runbook;

import io.ssmflow.cli.SsmflowCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One in-process CLI run against a stack: exit code, stdout, stderr. */
record CliRunbook(int exit, String out, String err) {
  private static final Pattern STARTED = Pattern.compile("started (\\S+) \\(run ");

  static CliRunbook run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SsmflowCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true), false);
    return new CliRunbook(exit, out.toString(), err.toString());
  }

  /** The workflow id of the {@code started ID (run R)} line. */
  String startedId() {
    Matcher m = STARTED.matcher(out);
    if (!m.find()) {
      throw new AssertionError("no started line in: " + out);
    }
    return m.group(1);
  }
}
