package io.ssmflow.activities.command;

import static java.util.Objects.requireNonNull;

import io.ssmflow.activities.command.CommandStatusReader.CommandStatus;
import io.ssmflow.activities.command.push.CompletionFeed;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * A wait whose commands SSM reports by push (docs/design.md, "Completion push"): the ends come from
 * the worker's {@link CompletionFeed}, not from polls. A pushed {@code Success} is taken as it is
 * (no read: the engine needs no output of a succeeded step); any other pushed end has its command's
 * invocations read once, for the exit code and output. Each command is still checked with
 * ListCommands every {@link #SAFETY_CHECK}, so a lost or late notification costs time, never an
 * answer; a command SSM does not know fails the wait as in {@link CompletionPoller}.
 */
final class PushedWait {
  /** How often a command in flight is checked with ListCommands although push is on. */
  static final Duration SAFETY_CHECK = Duration.ofSeconds(10);

  /** After a read that found nothing to take, the next read of the same ends waits this long. */
  static final Duration REREAD_AFTER = Duration.ofSeconds(1);

  /** The longest sleep between heartbeats (the wait's heartbeat timeout is a few seconds). */
  static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);

  /** Commands whose last check this worker remembers (across waits). */
  static final int CHECKS_REMEMBERED = 20_000;

  private final CompletionFeed feed;
  private final CommandStatusReader statuses;
  private final InvocationReader invocations;

  /** Command id to when this worker first saw or last checked it (nanoTime). */
  private final Map<String, Long> checkedAt = bounded();

  /** Commands a ListCommands check has shown (a command never shown may be bogus). */
  private final Set<String> shown = java.util.Collections.newSetFromMap(bounded());

  PushedWait(CompletionFeed feed, CommandStatusReader statuses, InvocationReader invocations) {
    this.feed = requireNonNull(feed, "feed is null");
    this.statuses = requireNonNull(statuses, "statuses is null");
    this.invocations = requireNonNull(invocations, "invocations is null");
  }

  /** Whether every command of the watch is reported by push. */
  boolean covers(CompletionPoller.Watch watch) {
    return watch.sentAfterMillis() > 0 && feed.covers(watch.sentAfterMillis());
  }

  List<InvocationOutcome> await(CompletionPoller.Watch watch, CompletionPoller.Progress progress) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    Map<String, Set<String>> pending = new LinkedHashMap<>();
    watch
        .pending()
        .forEach(
            (id, ids) -> {
              if (!ids.isEmpty()) {
                pending.computeIfAbsent(id, k -> new LinkedHashSet<>()).addAll(ids);
              }
            });
    long start = System.nanoTime();
    long deadline = start + watch.maxWait().toNanos();
    synchronized (checkedAt) {
      pending.keySet().forEach(id -> checkedAt.putIfAbsent(id, start));
    }
    List<InvocationOutcome> finished = new ArrayList<>();
    List<InvocationOutcome> succeeded = new ArrayList<>();
    Set<String> toRead = new LinkedHashSet<>();
    long firstNews = Long.MAX_VALUE;
    long readNotBefore = start;
    Map<String, Integer> looked = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      long seen = feed.version();
      // 1. What was pushed: successes are taken as they are, other ends mark a read. A wait wakes
      // on every notification (of any command): only commands with new ends are looked at.
      for (var command : pending.entrySet()) {
        String id = command.getKey();
        int count = feed.count(id);
        Integer before = looked.put(id, count);
        if (before != null && before == count) {
          continue;
        }
        for (var end : feed.ends(id).entrySet()) {
          if (!command.getValue().contains(end.getKey())) {
            continue;
          }
          firstNews = Math.min(firstNews, end.getValue().atNanos());
          if (end.getValue().succeeded()) {
            command.getValue().remove(end.getKey());
            succeeded.add(
                new InvocationOutcome(
                    id, end.getKey(), InvocationStatus.SUCCESS, 0, "Success", null));
          } else {
            toRead.add(id);
          }
        }
      }
      long now = System.nanoTime();
      // 2. The safety check of commands not checked for a while.
      Set<String> stale = stale(pending, now);
      if (!stale.isEmpty()) {
        try {
          check(stale, pending, watch.sentAfterMillis(), toRead, now);
          if (!toRead.isEmpty()) {
            firstNews = Math.min(firstNews, now);
          }
        } catch (AwsServiceException e) {
          if (!e.isThrottlingException()) {
            throw e;
          }
        }
      }
      now = System.nanoTime();
      // 3. Answer once the first news has lingered (or at the deadline); at once when every
      // invocation of the wait has ended: nothing more can come to batch with.
      boolean news = !succeeded.isEmpty() || !toRead.isEmpty();
      long lingerUntil =
          !news
              ? Long.MAX_VALUE
              : allEnded(pending)
                  ? readNotBefore
                  : Math.max(readNotBefore, firstNews + watch.linger().toNanos());
      if (now >= deadline || now >= lingerUntil) {
        List<InvocationOutcome> taken = new ArrayList<>(succeeded);
        succeeded.clear();
        if (!toRead.isEmpty()) {
          taken.addAll(read(toRead, pending, watch.details()));
          readNotBefore = System.nanoTime() + REREAD_AFTER.toNanos();
        }
        firstNews = Long.MAX_VALUE;
        pending.values().removeIf(Set::isEmpty);
        finished.addAll(taken);
        if (!taken.isEmpty() && progress.took(taken)) {
          break;
        }
        if (now >= deadline) {
          break;
        }
        if (!toRead.isEmpty()) {
          firstNews = now; // ends pushed but not readable yet: read again after REREAD_AFTER
        }
        continue;
      }
      ctx.heartbeat("pending " + count(pending) + ", finished " + finished.size() + " (push)");
      long wake =
          Math.min(
              Math.min(deadline, System.nanoTime() + HEARTBEAT_EVERY.toNanos()),
              Math.min(lingerUntil, nextCheck(pending)));
      feed.awaitAfter(seen, wake - System.nanoTime());
    }
    return finished;
  }

  /** Whether every invocation still pending has a pushed end (one that waits for its read). */
  private boolean allEnded(Map<String, Set<String>> pending) {
    for (var command : pending.entrySet()) {
      if (!feed.allEnded(command.getKey(), command.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Reads the commands with pushed ends other than success; what it took leaves {@code toRead}. */
  private List<InvocationOutcome> read(
      Set<String> toRead, Map<String, Set<String>> pending, boolean details) {
    Map<String, Set<String>> asked = new LinkedHashMap<>();
    for (String id : toRead) {
      asked.put(id, pending.getOrDefault(id, Set.of()));
    }
    InvocationReader.Reads reads = invocations.readEach(List.copyOf(toRead), asked, details);
    List<InvocationOutcome> taken = new ArrayList<>();
    for (var read : reads.readings().entrySet()) {
      Set<String> waiting = pending.get(read.getKey());
      for (InvocationOutcome o : read.getValue().finished()) {
        if (waiting != null && waiting.remove(o.instanceId())) {
          taken.add(o);
        }
      }
      if (waiting == null || !hasPushedEnd(read.getKey(), waiting)) {
        toRead.remove(read.getKey());
      }
    }
    return taken;
  }

  private boolean hasPushedEnd(String commandId, Set<String> waiting) {
    for (String instance : feed.ends(commandId).keySet()) {
      if (waiting.contains(instance)) {
        return true;
      }
    }
    return false;
  }

  /**
   * ListCommands for commands not checked for {@link #SAFETY_CHECK}: one whose count of ended
   * invocations is more than was pushed, or that ended with instances still waited for, is read.
   */
  private void check(
      Set<String> stale,
      Map<String, Set<String>> pending,
      long sentAfterMillis,
      Set<String> toRead,
      long now) {
    CommandStatusReader.Reading reading = statuses.read(stale, sentAfterMillis, (id, c) -> true);
    synchronized (checkedAt) {
      for (String id : stale) {
        checkedAt.put(id, now);
      }
    }
    for (String id : stale) {
      CommandStatus s = reading.statuses().get(id);
      if (s == null) {
        boolean known;
        synchronized (shown) {
          known = shown.contains(id);
        }
        if (!known
            && System.currentTimeMillis() - sentAfterMillis
                > CompletionPoller.UNKNOWN_COMMAND_GRACE.toMillis()) {
          throw CompletionPoller.unknownCommand(id);
        }
        continue;
      }
      synchronized (shown) {
        shown.add(id);
      }
      int pushed = feed.ends(id).size();
      if (s.completedCount() > pushed || (s.ended() && !pending.get(id).isEmpty())) {
        toRead.add(id);
      }
    }
  }

  private Set<String> stale(Map<String, Set<String>> pending, long now) {
    Set<String> stale = new LinkedHashSet<>();
    synchronized (checkedAt) {
      for (String id : pending.keySet()) {
        Long at = checkedAt.get(id);
        if (at == null || now - at >= SAFETY_CHECK.toNanos()) {
          stale.add(id);
        }
      }
    }
    return stale;
  }

  private long nextCheck(Map<String, Set<String>> pending) {
    long next = Long.MAX_VALUE;
    synchronized (checkedAt) {
      for (String id : pending.keySet()) {
        Long at = checkedAt.get(id);
        next = Math.min(next, (at == null ? System.nanoTime() : at) + SAFETY_CHECK.toNanos());
      }
    }
    return next;
  }

  /** A map that forgets its oldest entries beyond {@link #CHECKS_REMEMBERED}. */
  private static <V> Map<String, V> bounded() {
    return new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > CHECKS_REMEMBERED;
      }
    };
  }

  private static int count(Map<String, Set<String>> pending) {
    return pending.values().stream().mapToInt(Set::size).sum();
  }
}
