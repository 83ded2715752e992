package io.ssmflow.activities.audit;

import java.util.List;

/**
 * What one check's command gave on one instance (never leaves the activity).
 *
 * @param stdout standard output (SSM keeps the first 24,000 characters)
 * @param stderr standard error (the first 8,000)
 * @param exitCode the exit code
 * @param truncated whether stdout was cut by SSM
 */
record CheckOutput(String stdout, String stderr, int exitCode, boolean truncated) {
  /** The output length at which SSM's GetCommandInvocation cuts stdout. */
  static final int SSM_STDOUT_LIMIT = 24_000;

  CheckOutput {
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
  }

  static CheckOutput of(String stdout) {
    return new CheckOutput(stdout, "", 0, false);
  }

  List<String> lines() {
    return stdout.lines().toList();
  }

  /** The first line of stderr, for error messages. */
  String firstErrorLine() {
    return stderr.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
  }
}
