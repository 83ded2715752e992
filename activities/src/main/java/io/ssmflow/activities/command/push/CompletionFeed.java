package io.ssmflow.activities.command.push;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The invocation ends SSM pushed to this worker (docs/design.md, "Completion push"): what the
 * {@link CompletionReceiver} took from signed SNS notifications, kept per command for the waits of
 * this process. Bounded: the oldest commands are forgotten first, and a wait that finds nothing
 * here for a command still learns its end from its ListCommands safety check.
 *
 * <p>The feed is <em>live</em> once the worker's subscription is confirmed; only commands SSM took
 * after that (with a margin for clock skew) are {@link #covers covered}, i.e. every end of theirs
 * is expected here. {@link #DISABLED} is never live: waits then poll as before.
 */
public final class CompletionFeed {
  /** A feed that never goes live (push not configured). */
  public static final CompletionFeed DISABLED = new CompletionFeed(0);

  /**
   * Commands requested this long after the feed went live are covered. SSM's clock may differ from
   * this worker's (NTP keeps them within milliseconds); a command taken as covered whose
   * notifications were in fact missed still ends, through the wait's ListCommands check.
   */
  public static final Duration SKEW_MARGIN = Duration.ofMillis(500);

  /** The most invocation ends kept; older commands are dropped whole beyond this. */
  public static final int DEFAULT_CAPACITY = 200_000;

  /** What SSM's notification says of one invocation's end. */
  public record Ended(String commandId, String instanceId, String status) {}

  /**
   * One end as it arrived.
   *
   * @param status SSM's status ({@code Success}, {@code Failed}, {@code TimedOut}, ...)
   * @param atNanos when it arrived ({@link System#nanoTime()})
   */
  public record Arrival(String status, long atNanos) {
    public boolean succeeded() {
      return "Success".equalsIgnoreCase(status);
    }
  }

  private final int capacity;
  private final Object lock = new Object();
  private final LinkedHashMap<String, Map<String, Arrival>> byCommand = new LinkedHashMap<>();
  private int size;
  private long version;
  private long received;
  private volatile long liveSinceMillis;

  public CompletionFeed(int capacity) {
    this.capacity = capacity;
  }

  public CompletionFeed() {
    this(DEFAULT_CAPACITY);
  }

  /** Whether this feed can ever go live. */
  public boolean enabled() {
    return capacity > 0;
  }

  /** From now on every invocation end should arrive here ({@code millis}: this worker's clock). */
  public void live(long millis) {
    if (enabled()) {
      liveSinceMillis = millis;
    }
  }

  /** Ends arrive no more (the subscription is gone): waits poll again. */
  public void down() {
    liveSinceMillis = 0;
  }

  public boolean isLive() {
    return liveSinceMillis > 0;
  }

  /** Whether every end of a command SSM took at {@code requestedAtMillis} should arrive here. */
  public boolean covers(long requestedAtMillis) {
    long since = liveSinceMillis;
    return since > 0 && requestedAtMillis >= since + SKEW_MARGIN.toMillis();
  }

  /** Takes one pushed end and wakes the waits. */
  public void accept(Ended e) {
    if (!enabled() || e.commandId() == null || e.instanceId() == null) {
      return;
    }
    synchronized (lock) {
      Map<String, Arrival> ends = byCommand.get(e.commandId());
      if (ends == null) {
        ends = new LinkedHashMap<>();
        byCommand.put(e.commandId(), ends);
      }
      Arrival earlier = ends.get(e.instanceId());
      // A repeated notification (SNS delivers at least once) keeps the first arrival time.
      long at = earlier == null ? System.nanoTime() : earlier.atNanos();
      if (ends.put(e.instanceId(), new Arrival(e.status(), at)) == null) {
        size++;
      }
      received++;
      Iterator<Map<String, Arrival>> oldest = byCommand.values().iterator();
      while (size > capacity && oldest.hasNext()) {
        size -= oldest.next().size();
        oldest.remove();
      }
      version++;
      lock.notifyAll();
    }
  }

  /** The ends pushed for a command so far, by instance id. */
  public Map<String, Arrival> ends(String commandId) {
    synchronized (lock) {
      Map<String, Arrival> ends = byCommand.get(commandId);
      return ends == null ? Map.of() : Map.copyOf(ends);
    }
  }

  /** Whether an end was pushed for each of these invocations of a command. */
  public boolean allEnded(String commandId, java.util.Collection<String> instanceIds) {
    synchronized (lock) {
      Map<String, Arrival> ends = byCommand.get(commandId);
      if (ends == null) {
        return instanceIds.isEmpty();
      }
      for (String id : instanceIds) {
        if (!ends.containsKey(id)) {
          return false;
        }
      }
      return true;
    }
  }

  /** How many ends were pushed for a command (they only grow while it is kept). */
  public int count(String commandId) {
    synchronized (lock) {
      Map<String, Arrival> ends = byCommand.get(commandId);
      return ends == null ? 0 : ends.size();
    }
  }

  /** Changes with every end taken; pass it to {@link #awaitAfter}. */
  public long version() {
    synchronized (lock) {
      return version;
    }
  }

  /** How many notifications were taken since start (repeats included). */
  public long received() {
    synchronized (lock) {
      return received;
    }
  }

  /**
   * Blocks until an end arrives after {@code seen} (a {@link #version()}) or {@code nanos} pass; an
   * interrupt is kept and ends the wait with an IllegalStateException.
   */
  public void awaitAfter(long seen, long nanos) {
    if (nanos <= 0) {
      return;
    }
    long until = System.nanoTime() + nanos;
    synchronized (lock) {
      while (version == seen) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(left / 1_000_000, (int) (left % 1_000_000));
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for SSM", ex);
        }
      }
    }
  }
}
