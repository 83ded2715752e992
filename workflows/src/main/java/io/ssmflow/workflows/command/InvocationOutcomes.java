package io.ssmflow.workflows.command;

/** Text about invocation outcomes, for the reasons workflows give (pure, deterministic). */
public final class InvocationOutcomes {
  /** The most of an outcome's output tail a description quotes (its last characters). */
  static final int QUOTED_TAIL = 200;

  private InvocationOutcomes() {}

  /**
   * {@code LABEL succeeded|failed|timed out|cancelled|not delivered (...)}, then {@code (exit N)}
   * for a failure with an exit code, {@code after N attempts} when {@code attempts > 1}, and {@code
   * : TAIL} with the last 200 characters of the output.
   */
  public static String describe(String label, InvocationOutcome o, int attempts) {
    StringBuilder b = new StringBuilder(label).append(' ');
    switch (o.status()) {
      case SUCCESS -> b.append("succeeded");
      case DELIVERY_TIMED_OUT -> b.append("not delivered (DeliveryTimedOut)");
      case UNDELIVERABLE -> b.append("not delivered (Undeliverable)");
      case TIMED_OUT -> b.append("timed out");
      case CANCELLED -> b.append("cancelled");
      default -> b.append("failed");
    }
    if (o.responseCode() >= 0 && o.status() == InvocationStatus.FAILED) {
      b.append(" (exit ").append(o.responseCode()).append(')');
    }
    if (attempts > 1) {
      b.append(" after ").append(attempts).append(" attempts");
    }
    String tail = o.outputTail() == null ? "" : o.outputTail().strip();
    if (!tail.isEmpty()) {
      b.append(": ")
          .append(tail.length() > QUOTED_TAIL ? tail.substring(tail.length() - QUOTED_TAIL) : tail);
    }
    return b.toString();
  }
}
