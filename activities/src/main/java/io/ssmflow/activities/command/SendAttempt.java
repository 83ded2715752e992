package io.ssmflow.activities.command;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Which attempt of a sending activity runs, and what that means for the idempotency lookup. Only a
 * retry attempt can find a command sent with its key: attempt 1 sends at once. A retry attempt
 * tolerates ListCommands' visibility lag: an earlier attempt's command (necessarily requested
 * before this attempt started) may stay invisible for a few seconds, so lookups that find nothing
 * are repeated with backoff until {@link #LAG_BOUND} after this attempt started. Several sends of
 * one attempt (an audit sends one command per check) share that deadline, so only the first waits.
 *
 * @param attempt the activity attempt, from 1
 * @param scheduledMillis when the activity was first scheduled (0: unknown)
 * @param lagDeadlineNanos until when (System.nanoTime) a lookup that finds nothing is repeated
 * @param taskToken the attempt's task token (tells one attempt from the next)
 */
record SendAttempt(int attempt, long scheduledMillis, long lagDeadlineNanos, byte[] taskToken) {
  /** How long after its request a command may stay invisible to ListCommands. */
  static final Duration LAG_BOUND = Duration.ofMillis(7_500);

  /** The waits between lookups that find nothing: probes at 0, 0.5, 1.5, 3.5 and 7.5 s. */
  static final Duration[] LOOKUP_BACKOFF = {
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)
  };

  /** How far before the activity was first scheduled an earlier attempt's command may lie. */
  static final Duration LOOKUP_MARGIN = Duration.ofMinutes(10);

  /** The last attempt seen on each thread: an activity attempt runs on one thread. */
  private static final ThreadLocal<SendAttempt> LAST = new ThreadLocal<>();

  /**
   * The attempt of the activity running on this thread; the same value (so the same lag deadline)
   * for every send of one attempt.
   */
  static SendAttempt current() {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    SendAttempt last = LAST.get();
    byte[] token = info.getTaskToken();
    if (last != null && token != null && token.length > 0 && Arrays.equals(last.taskToken, token)) {
      return last;
    }
    SendAttempt attempt =
        new SendAttempt(
            info.getAttempt(),
            info.getScheduledTimestamp(),
            System.nanoTime() + LAG_BOUND.toNanos(),
            token);
    LAST.set(attempt);
    return attempt;
  }

  boolean isRetry() {
    return attempt > 1;
  }

  /** The InvokedAfter bound of a lookup: shortly before the activity was first scheduled. */
  Instant lookupSince() {
    Instant scheduled = scheduledMillis > 0 ? Instant.ofEpochMilli(scheduledMillis) : Instant.now();
    return scheduled.minus(LOOKUP_MARGIN).truncatedTo(ChronoUnit.SECONDS);
  }
}
