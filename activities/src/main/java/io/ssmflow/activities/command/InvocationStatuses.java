package io.ssmflow.activities.command;

import io.ssmflow.workflows.command.InvocationStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps SSM's invocation Status and StatusDetails to {@link InvocationStatus}. The details decide
 * first because SSM reports both execution and delivery timeouts as Status TimedOut (and Terminated
 * as Cancelled). AWS documents the details with spaces ("Delivery Timed Out") while the API answers
 * them without ("DeliveryTimedOut"); both are accepted.
 */
public final class InvocationStatuses {
  private InvocationStatuses() {}

  /** The final status, or empty while the invocation is still Pending/InProgress/Delayed. */
  public static Optional<InvocationStatus> terminal(String status, String statusDetails) {
    String details = normalise(statusDetails);
    switch (details) {
      case "executiontimedout":
        return Optional.of(InvocationStatus.TIMED_OUT);
      case "deliverytimedout":
        return Optional.of(InvocationStatus.DELIVERY_TIMED_OUT);
      case "undeliverable", "invalidplatform":
        // Neither counts as an error in SSM: the instance could not take this document.
        return Optional.of(InvocationStatus.UNDELIVERABLE);
      case "terminated":
        return Optional.of(InvocationStatus.CANCELLED);
      default:
        break;
    }
    return switch (normalise(status)) {
      case "success" -> Optional.of(InvocationStatus.SUCCESS);
      case "failed" -> Optional.of(InvocationStatus.FAILED);
      case "cancelled", "canceled" -> Optional.of(InvocationStatus.CANCELLED);
      // TimedOut without details: SSM only omits them for delivery timeouts.
      case "timedout" -> Optional.of(InvocationStatus.DELIVERY_TIMED_OUT);
      default -> Optional.empty(); // Pending, InProgress, Delayed, Cancelling, unknown
    };
  }

  private static String normalise(String s) {
    return s == null ? "" : s.replace(" ", "").toLowerCase(Locale.ROOT);
  }
}
