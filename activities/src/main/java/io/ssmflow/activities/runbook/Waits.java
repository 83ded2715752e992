package io.ssmflow.activities.runbook;

import io.ssmflow.activities.command.Polls;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A wait inside an activity: polls until a condition holds or the time runs out, heartbeating every
 * poll (a cancelled activity learns it at its next heartbeat), a little slower each time.
 */
final class Waits {
  static final Duration FIRST = Duration.ofMillis(500);
  static final Duration MAX = Duration.ofSeconds(5);

  private Waits() {}

  /**
   * Polls {@code done} until it answers true (answers true) or {@code timeout} passes (answers
   * false).
   */
  static boolean until(Duration timeout, Supplier<Boolean> done, String details) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration interval = FIRST;
    while (true) {
      if (done.get()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      Activity.getExecutionContext().heartbeat(details);
      Polls.sleep(Math.min(left, interval.toNanos()));
      interval = Polls.slower(interval, MAX);
    }
  }
}
