package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.fleet.Instance;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SSM agent of one instance: runs one invocation at a time, the others wait in FIFO order, and
 * it remembers what it ran (bounded) for the admin API. Its monitor is only ever taken after (never
 * before) a command's monitor.
 */
final class Agent {
  static final int HISTORY_LIMIT = 100;
  static final int COUNTED_TEXTS_LIMIT = 1000;

  final Instance instance;
  private final ArrayDeque<Invocation> queue = new ArrayDeque<>();
  private Invocation current;
  private final ArrayDeque<HistoryEntry> history = new ArrayDeque<>();
  private final Map<String, Integer> counts =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
          return size() > COUNTED_TEXTS_LIMIT;
        }
      };
  private long runs;

  Agent(Instance instance) {
    this.instance = instance;
  }

  /** Queues an invocation; true when the agent was idle and the caller must begin it now. */
  synchronized boolean enqueue(Invocation inv) {
    if (current == null) {
      current = inv;
      return true;
    }
    queue.add(inv);
    return false;
  }

  /** Frees the agent from {@code inv}; answers the next invocation to begin, if any. */
  synchronized Invocation release(Invocation inv) {
    if (current != inv) {
      return null;
    }
    current = queue.poll();
    return current;
  }

  synchronized void remove(Invocation inv) {
    queue.remove(inv);
  }

  synchronized Invocation current() {
    return current;
  }

  synchronized int queued() {
    return queue.size();
  }

  /** Records that a command started running here. */
  synchronized HistoryEntry recordStart(Command c, long now) {
    HistoryEntry e = new HistoryEntry(c.id, c.document.name(), c.text, now);
    history.addLast(e);
    if (history.size() > HISTORY_LIMIT) {
      history.removeFirst();
    }
    counts.merge(c.text, 1, Integer::sum);
    runs++;
    return e;
  }

  synchronized List<HistoryEntry> history() {
    return new ArrayList<>(history);
  }

  synchronized Map<String, Integer> counts() {
    return new LinkedHashMap<>(counts);
  }

  synchronized long runs() {
    return runs;
  }
}
