package io.ssmflow.simulator.ssm.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Output truncation and time formats as SSM and its agent produce them. */
final class OutputText {
  /** GetCommandInvocation: the first 24,000 characters of stdout. */
  static final int MAX_STDOUT = 24_000;

  /** GetCommandInvocation: the first 8,000 characters of stderr. */
  static final int MAX_STDERR = 8_000;

  /** ListCommandInvocations Details: CommandPlugins[].Output is at most 2,500 characters. */
  static final int MAX_PLUGIN_OUTPUT = 2_500;

  private static final String ERROR_TITLE = "\n----------ERROR-------\n";
  private static final String TRUNCATE_OUT = "\n---Output truncated---";
  private static final String TRUNCATE_ERROR = "\n---Error truncated----";
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private OutputText() {}

  static String head(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  /**
   * The plugin Output of ListCommandInvocations: stdout and stderr combined and truncated the way
   * the SSM agent does it (its TruncateOutput), so it never exceeds 2,500 characters.
   */
  static String pluginOutput(String stdout, String stderr) {
    int outSize = stdout.length();
    int errSize = stderr.length();
    String errorTitle = errSize > 0 ? ERROR_TITLE : "";
    int available = MAX_PLUGIN_OUTPUT - errorTitle.length();
    if (outSize + errSize < available) {
      return stdout + errorTitle + stderr;
    }
    if (outSize > available / 2 && errSize > available / 2) {
      int size = available - TRUNCATE_ERROR.length() - TRUNCATE_OUT.length();
      return stdout.substring(0, size / 2)
          + TRUNCATE_OUT
          + errorTitle
          + stderr.substring(0, size / 2)
          + TRUNCATE_ERROR;
    }
    if (outSize < available / 2) {
      int size = available - TRUNCATE_ERROR.length();
      return stdout + errorTitle + stderr.substring(0, size - outSize) + TRUNCATE_ERROR;
    }
    int size = available - TRUNCATE_OUT.length();
    return stdout.substring(0, size - errSize) + TRUNCATE_OUT + errorTitle + stderr;
  }

  /** Appends a line to agent output, newline-separated like the agent's AppendInfo/Error. */
  static String append(String existing, String message) {
    if (message == null || message.isEmpty()) {
      return existing;
    }
    if (existing.isEmpty()) {
      return message;
    }
    return existing.endsWith("\n") ? existing + message : existing + "\n" + message;
  }

  /** The first {@code max} characters of a stream (UTF-8, bad bytes replaced); closes it. */
  static String readHead(InputStream in, int max) throws IOException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (Reader r = new java.io.InputStreamReader(in, decoder)) {
      char[] buf = new char[max];
      int n = 0;
      while (n < max) {
        int k = r.read(buf, n, max - n);
        if (k < 0) {
          break;
        }
        n += k;
      }
      return new String(buf, 0, n);
    }
  }

  /** ExecutionStartDateTime / ExecutionEndDateTime: ISO 8601 text, empty when unset. */
  static String dateTime(long millis) {
    return millis <= 0 ? "" : ISO_MILLIS.format(Instant.ofEpochMilli(millis));
  }

  /** ExecutionElapsedTime: an ISO 8601 duration such as PT0.046S, empty when not started. */
  static String elapsed(long startMillis, long endMillis, long nowMillis) {
    if (startMillis <= 0) {
      return "";
    }
    long end = endMillis > 0 ? endMillis : nowMillis;
    return Duration.ofMillis(Math.max(0, end - startMillis)).toString();
  }
}
