package io.ssmflow.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.failure.TemporalFailure;

/** Turns exceptions into the one line the CLI prints. */
public final class Errors {
  private Errors() {}

  /** The innermost non-empty message, with gRPC statuses shown as CODE: description. */
  public static String rootMessage(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        Status status = s.getStatus();
        message =
            status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription());
      } else if (t instanceof TemporalFailure f
          && f.getOriginalMessage() != null
          && !f.getOriginalMessage().isBlank()) {
        message = f.getOriginalMessage();
      } else if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    String line = message == null ? e.getClass().getSimpleName() : message;
    int newline = line.indexOf('\n');
    return newline < 0 ? line : line.substring(0, newline);
  }

  /**
   * A payload codec failure (missing or wrong {@code SSMFLOW_CODEC_KEY_FILE}) somewhere in the
   * cause chain, as a {@link CliError} (exit code 2: a configuration problem, whatever the
   * workflow's outcome), or null when there is none.
   */
  public static CliError codecFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.temporal.payload.codec.PayloadCodecException c) {
        String line = c.getMessage() == null ? "cannot decode a payload" : c.getMessage();
        int newline = line.indexOf('\n');
        return new CliError(CliError.BAD_INPUT, newline < 0 ? line : line.substring(0, newline), e);
      }
    }
    return null;
  }

  /** The gRPC status code somewhere in the cause chain, or null. */
  public static Status.Code grpcCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return s.getStatus().getCode();
      }
    }
    return null;
  }
}
