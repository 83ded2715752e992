package io.ssmflow.activities.command;

import java.time.Duration;

/** The waits of the activities that poll SSM: the smaller duration, a growing interval, sleep. */
public final class Polls {
  private Polls() {}

  /** The shorter of two durations. */
  public static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The next poll interval when nothing changed: one and a half times longer, at most max. */
  public static Duration slower(Duration interval, Duration max) {
    return min(max, interval.multipliedBy(3).dividedBy(2));
  }

  /**
   * Sleeps this many nanoseconds (nothing when not positive); an interrupt is kept and ends the
   * wait with an IllegalStateException.
   */
  public static void sleep(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for SSM", e);
    }
  }
}
