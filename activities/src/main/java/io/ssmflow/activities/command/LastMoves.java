package io.ssmflow.activities.command;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each command was last seen to move (its completion count grew), remembered across the waits
 * of this worker so that a new call paces on from there ({@link PollPace}). A hint only: a call on
 * another worker, or after the command was forgotten, starts without it.
 */
final class LastMoves {
  private static final int CAPACITY = 10_000;
  private final Map<String, Long> byCommand =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized void moved(String commandId, long nanos) {
    byCommand.put(commandId, nanos);
  }

  /** The latest move (System.nanoTime) of any of these commands; null when none is known. */
  synchronized Long latest(Collection<String> commandIds) {
    Long latest = null;
    for (String id : commandIds) {
      Long at = byCommand.get(id);
      if (at != null && (latest == null || at - latest > 0)) {
        latest = at;
      }
    }
    return latest;
  }
}
