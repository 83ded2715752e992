package io.ssmflow.cli;

/**
 * An error the CLI reports as one line on stderr with an exit code: {@link #BAD_INPUT} (bad input,
 * unreachable service) or {@link #UNSUCCESSFUL} (a workflow ended unsuccessfully).
 */
public final class CliError extends RuntimeException {
  public static final int BAD_INPUT = 2;
  public static final int UNSUCCESSFUL = 1;

  private final int exitCode;

  public CliError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliError(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad input or an unreachable service: exit code 2. */
  public static CliError badInput(String message) {
    return new CliError(BAD_INPUT, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
