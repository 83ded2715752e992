package io.ssmflow.workflows.fleetrun;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/** The message of a failed activity, without Temporal's wrapping. */
public final class Failures {
  private Failures() {}

  /** The cause's own message (an ApplicationFailure's original message), else the class name. */
  public static String message(TemporalFailure e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message =
        cause instanceof ApplicationFailure a ? a.getOriginalMessage() : cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
