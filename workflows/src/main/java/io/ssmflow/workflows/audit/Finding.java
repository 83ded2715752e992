package io.ssmflow.workflows.audit;

/**
 * One problem a check found on one instance. Only this, never the command output, travels into
 * workflow history.
 *
 * @param check the check that found it (e.g. {@code ssh})
 * @param type the finding type, one recommendation per type (e.g. {@code ssh-root-login})
 * @param severity HIGH, MEDIUM or LOW
 * @param message one line for people, at most {@link #MAX_MESSAGE} characters
 */
public record Finding(String check, String type, Severity severity, String message) {
  public static final int MAX_MESSAGE = 240;

  public Finding {
    message = message == null ? "" : message.replaceAll("\\p{Cntrl}", " ").strip();
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE - 3) + "...";
    }
  }
}
