package io.ssmflow.activities.command;

import java.time.Duration;

/**
 * The waits between the polls of one await: fast while completions are expected soon, slower when
 * nothing is due, longer still while SSM throttles. Completions are expected soon after a poll saw
 * some, and when the request's commands were sent moments ago. A new call does not start from
 * scratch: it continues from when its commands were last seen to move (by an earlier call on this
 * worker), else from what its first poll shows (commands partly done). While anything moved in the
 * last {@link #QUIET} the interval stays at most {@link #STEADY}, so a finished invocation is
 * noticed within a second; after a quiet spell it grows to {@link #IDLE}.
 */
final class PollPace {
  static final Duration FAST = Duration.ofMillis(250);

  /** The first wait of a call whose first poll gave no sign of coming completions. */
  static final Duration FIRST = Duration.ofMillis(500);

  static final Duration STEADY = Duration.ofMillis(800);
  static final Duration IDLE = Duration.ofSeconds(2);

  /** Completions seen this recently: more are expected soon. */
  static final Duration ACTIVE = Duration.ofSeconds(3);

  /** Nothing seen for this long (and nothing expected): poll at the idle pace. */
  static final Duration QUIET = Duration.ofSeconds(10);

  static final Duration THROTTLED_MAX = Duration.ofSeconds(5);

  private final long startNanos;
  private Duration interval;
  private long lastMoveNanos;
  private boolean moved;

  /**
   * @param startNanos when the wait started (System.nanoTime)
   * @param lastMoveNanos when its commands were last seen to move, if known (else null)
   */
  PollPace(long startNanos, Long lastMoveNanos) {
    this.startNanos = startNanos;
    if (lastMoveNanos != null) {
      this.moved = true;
      this.lastMoveNanos = lastMoveNanos;
    }
  }

  /** Whether the wait knows when its commands last moved (then partly done says nothing). */
  boolean knowsLastMove() {
    return moved;
  }

  /**
   * The wait before the next poll.
   *
   * @param now System.nanoTime of the poll just made
   * @param movedNow whether that poll saw completions
   * @param throttled whether SSM throttled it
   * @param expectedSoon whether commands were sent moments ago (or, when nothing is known of their
   *     last move, are partly done)
   */
  Duration next(long now, boolean movedNow, boolean throttled, boolean expectedSoon) {
    if (movedNow) {
      moved = true;
      lastMoveNanos = now;
    }
    if (throttled) {
      Duration doubled = interval == null ? STEADY : interval.multipliedBy(2);
      interval = Polls.min(THROTTLED_MAX, doubled.compareTo(STEADY) < 0 ? STEADY : doubled);
      return interval;
    }
    boolean active = moved && now - lastMoveNanos < ACTIVE.toNanos();
    if (movedNow) {
      interval = FAST;
    } else if (interval == null) {
      interval = active || expectedSoon ? FAST : FIRST;
    } else {
      long sinceMove = now - (moved ? lastMoveNanos : startNanos);
      Duration cap = active || expectedSoon || sinceMove < QUIET.toNanos() ? STEADY : IDLE;
      interval = Polls.slower(interval, cap);
    }
    return interval;
  }
}
