package io.ssmflow.activities.command;

import static java.util.Objects.requireNonNull;

import io.ssmflow.activities.command.CommandStatusReader.CommandStatus;
import io.ssmflow.activities.command.push.CompletionFeed;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Waits inside an activity for invocations of many commands to end (docs/design.md, rules for
 * durable code 3), the one poll loop of command waits and audits. Each poll learns every command's
 * status and completion count from ListCommands ({@link CommandStatusReader}); only a command whose
 * count moved past what this wait has already taken has its invocations read ({@link
 * InvocationReader}), all its ended ones at once, or, when many small commands moved, every
 * invocation since the commands' request time in fewer pages. After the first completion is seen
 * the wait lingers, then reads and answers; the intervals follow {@link PollPace}; throttling backs
 * off; every poll heartbeats, so a cancelled activity stops polling. When SSM pushes the ends of
 * every command of a wait to this worker ({@link CompletionFeed}), the wait is a {@link PushedWait}
 * instead.
 */
public final class CompletionPoller {
  /** How long a command may stay unknown to ListCommands before it is taken as bogus. */
  static final Duration UNKNOWN_COMMAND_GRACE = Duration.ofSeconds(30);

  /** A command the InvokedAfter listing does not show is asked for alone after this long. */
  static final Duration ASK_ALONE_AFTER = Duration.ofSeconds(2);

  /** A command sent this recently will probably see completions soon. */
  static final Duration FRESH = Duration.ofSeconds(3);

  /**
   * Once per wait, a command whose invocations were not read yet is read after this long, even when
   * its count did not move: the count alone cannot tell whether instances the request leaves out
   * had all ended.
   */
  static final Duration SWEEP = Duration.ofSeconds(15);

  /** What the caller makes of invocations seen to end. */
  public interface Progress {
    /** Takes newly ended invocations; answers whether the caller now has enough to answer. */
    boolean took(List<InvocationOutcome> finished);
  }

  /**
   * What to wait for.
   *
   * @param pending command id to the instances whose invocation has not been seen to end
   * @param sentAfterMillis every command was requested at or after this time, by SSM's clock (0:
   *     unknown; the wait then learns it from the first statuses)
   * @param maxWait answer (possibly with nothing) after this long
   * @param linger after the first completion is seen, wait this long, then read and answer
   * @param details whether outcomes carry their output tail (ListCommandInvocations Details)
   */
  public record Watch(
      Map<String, ? extends Collection<String>> pending,
      long sentAfterMillis,
      Duration maxWait,
      Duration linger,
      boolean details) {
    public Watch {
      requireNonNull(pending, "pending is null");
      requireNonNull(maxWait, "maxWait is null");
      linger = linger == null ? Duration.ZERO : linger;
    }
  }

  private final CommandStatusReader statuses;
  private final InvocationReader invocations;
  private final LastMoves lastMoves = new LastMoves();
  private final PushedWait pushed;

  public CompletionPoller(SsmClient ssm) {
    this(ssm, CompletionFeed.DISABLED);
  }

  /** A poller whose waits take the ends {@code feed} was pushed, for the commands it covers. */
  public CompletionPoller(SsmClient ssm, CompletionFeed feed) {
    requireNonNull(ssm, "ssm is null");
    this.statuses = new CommandStatusReader(ssm);
    this.invocations = new InvocationReader(ssm);
    this.pushed = new PushedWait(feed, statuses, invocations);
  }

  /**
   * Polls until the caller has enough (then answers after the linger), every pending invocation
   * ended, or maxWait ran out; answers the invocations seen to end (each also given to {@code
   * progress} as it is seen).
   */
  public List<InvocationOutcome> await(Watch watch, Progress progress) {
    if (pushed.covers(watch)) {
      return pushed.await(watch, progress);
    }
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    Map<String, Tracked> tracked = new LinkedHashMap<>();
    watch
        .pending()
        .forEach(
            (id, ids) -> {
              if (!ids.isEmpty()) {
                tracked.computeIfAbsent(id, Tracked::new).pending.addAll(ids);
              }
            });
    List<InvocationOutcome> finished = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + watch.maxWait().toNanos();
    long sentAfter = watch.sentAfterMillis();
    PollPace pace = new PollPace(start, lastMoves.latest(tracked.keySet()));
    boolean lingering = false;
    long lingerUntil = deadline;
    boolean ready = false;
    boolean first = true;
    while (!tracked.isEmpty()) {
      boolean throttled = false;
      boolean moved = false;
      boolean expectedSoon = false;
      long now = System.nanoTime();
      try {
        long asked = now;
        var reading =
            statuses.read(
                tracked.keySet(),
                sentAfter,
                (id, complete) ->
                    !complete || tracked.get(id).missingFor(asked) >= ASK_ALONE_AFTER.toNanos());
        now = System.nanoTime();
        long wallNow = System.currentTimeMillis();
        List<Tracked> due = new ArrayList<>();
        for (Tracked t : tracked.values()) {
          CommandStatus s = reading.statuses().get(t.commandId);
          if (s == null) {
            t.missing(now);
            continue;
          }
          t.seen(s);
          if (t.due(s, now - start >= SWEEP.toNanos())) {
            due.add(t);
            lastMoves.moved(t.commandId, now);
          }
          expectedSoon |=
              wallNow - s.requestedAtMillis() < FRESH.toMillis()
                  || (first && !pace.knowsLastMove() && s.completedCount() > 0 && !s.ended());
        }
        sentAfter = narrowed(sentAfter, tracked.values());
        moved = !due.isEmpty();
        // No linger once every command of the wait has ended: nothing more can join the batch.
        boolean allEnded =
            tracked.values().stream()
                .allMatch(
                    t -> {
                      CommandStatus s = reading.statuses().get(t.commandId);
                      return s != null && s.ended();
                    });
        boolean readNow =
            watch.linger().isZero()
                || allEnded
                || (lingering && now >= lingerUntil)
                || now >= deadline;
        if (moved && !readNow && !lingering) {
          lingering = true;
          lingerUntil = Math.min(deadline, now + watch.linger().toNanos());
        } else if (readNow && moved) {
          InvocationReader.Reads reads = readDue(due, tracked, reading, watch.details());
          throttled = reads.throttled() != null;
          for (var read : reads.readings().entrySet()) {
            Tracked t = tracked.get(read.getKey());
            List<InvocationOutcome> taken = take(t, read.getValue());
            finished.addAll(taken);
            if (!taken.isEmpty() && progress.took(taken)) {
              ready = true;
            }
            if (t.pending.isEmpty()) {
              tracked.remove(t.commandId);
            }
          }
        }
      } catch (AwsServiceException e) {
        if (!e.isThrottlingException()) {
          throw e;
        }
        // The SDK's adaptive retries gave up; waiting is cheap, so just poll later.
        throttled = true;
      }
      first = false;
      now = System.nanoTime();
      if (ready || tracked.isEmpty() || now >= deadline) {
        break;
      }
      if (lingering && now >= lingerUntil) {
        lingering = false; // what moved was not for this wait (or not visible yet): go on
      }
      // Throws ActivityCanceledException once the workflow cancels us: polling stops here.
      ctx.heartbeat("pending " + pendingCount(tracked) + ", finished " + finished.size());
      long wake = now + pace.next(now, moved, throttled, expectedSoon).toNanos();
      if (lingering) {
        wake = Math.min(wake, lingerUntil);
      }
      Polls.sleep(Math.min(wake, deadline) - now);
    }
    return finished;
  }

  /**
   * Reads the invocations of the commands that moved: one read per command, or, when that costs
   * more pages, every invocation since the listing's bound (then every tracked command is read).
   */
  private InvocationReader.Reads readDue(
      List<Tracked> due,
      Map<String, Tracked> tracked,
      CommandStatusReader.Reading statusReading,
      boolean details) {
    Map<String, Set<String>> pending = new LinkedHashMap<>();
    tracked.forEach((id, t) -> pending.put(id, t.pending));
    int perCommand = 0;
    for (Tracked t : due) {
      perCommand += pages(t.targetCount);
    }
    if (statusReading.listedInvocations() >= 0
        && pages(statusReading.listedInvocations()) < perCommand) {
      return new InvocationReader.Reads(
          invocations.readSince(statusReading.listedSinceMillis(), pending, details), null);
    }
    return invocations.readEach(due.stream().map(t -> t.commandId).toList(), pending, details);
  }

  /** Takes what one read found: the command's count becomes exact. */
  private static List<InvocationOutcome> take(Tracked t, InvocationReader.Reading r) {
    t.known = r.endedTotal();
    t.exact = true;
    for (InvocationOutcome o : r.finished()) {
      t.pending.remove(o.instanceId());
    }
    return r.finished();
  }

  private static int pages(int invocations) {
    return Math.max(
        1, (invocations + CommandStatusReader.PAGE_SIZE - 1) / CommandStatusReader.PAGE_SIZE);
  }

  /**
   * The InvokedAfter bound for the next poll: the oldest request time of the commands still waited
   * for, once each was seen (so it narrows as old commands end).
   */
  private static long narrowed(long sentAfter, Collection<Tracked> tracked) {
    long oldest = Long.MAX_VALUE;
    for (Tracked t : tracked) {
      if (t.requestedAtMillis <= 0) {
        return sentAfter;
      }
      oldest = Math.min(oldest, t.requestedAtMillis);
    }
    return oldest == Long.MAX_VALUE ? sentAfter : oldest;
  }

  /** The failure of a wait for a command ListCommands never showed within the grace. */
  static ApplicationFailure unknownCommand(String commandId) {
    return ApplicationFailure.newNonRetryableFailure(
        "SSM does not know command "
            + commandId
            + " (ListCommands has not shown it for "
            + UNKNOWN_COMMAND_GRACE.toSeconds()
            + " s)",
        "UnknownCommand");
  }

  private static int pendingCount(Map<String, Tracked> tracked) {
    return tracked.values().stream().mapToInt(t -> t.pending.size()).sum();
  }

  /** One command of the wait. */
  private static final class Tracked {
    final String commandId;
    final Set<String> pending = new LinkedHashSet<>();

    /** How many of the command's invocations had ended when this wait last knew (-1: unseen). */
    int known = -1;

    /** Whether {@link #known} comes from a read of the invocations (else from the request). */
    boolean exact;

    long requestedAtMillis;
    int targetCount;
    long missingSince;

    Tracked(String commandId) {
      this.commandId = commandId;
    }

    void seen(CommandStatus s) {
      missingSince = 0;
      requestedAtMillis = s.requestedAtMillis();
      targetCount = s.targetCount();
      if (known < 0) {
        // Before any read: the instances the request leaves out are the ones already taken.
        known = Math.max(0, s.targetCount() - pending.size());
      }
    }

    /** Whether its invocations are worth reading now. */
    boolean due(CommandStatus s, boolean sweep) {
      boolean allRead = exact && known >= s.targetCount();
      return s.completedCount() > known || (s.ended() && !allRead) || (sweep && !exact);
    }

    void missing(long now) {
      if (missingSince == 0) {
        missingSince = now;
      } else if (now - missingSince > UNKNOWN_COMMAND_GRACE.toNanos()) {
        throw unknownCommand(commandId);
      }
    }

    long missingFor(long now) {
      return missingSince == 0 ? 0 : now - missingSince;
    }
  }
}
