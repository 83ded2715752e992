package io.ssmflow.simulator.ssm.command;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commands the simulator remembers, newest first. Memory stays bounded: once over the retention
 * limits, the oldest completed commands are forgotten (running ones never are).
 */
final class CommandStore {
  private final Map<String, Command> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, Command> bySeq = new ConcurrentSkipListMap<>();
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong forgotten = new AtomicLong();

  long nextSeq() {
    return seq.incrementAndGet();
  }

  void add(Command c) {
    byId.put(c.id, c);
    bySeq.put(c.seq, c);
    invocations.addAndGet(c.targetCount());
  }

  Command get(String id) {
    return byId.get(id);
  }

  /** Commands with seq at most {@code fromSeq}, newest first. */
  Collection<Command> newestFirst(long fromSeq) {
    NavigableMap<Long, Command> view = bySeq.headMap(fromSeq, true).descendingMap();
    return view.values();
  }

  Collection<Command> newestFirst() {
    return bySeq.descendingMap().values();
  }

  int size() {
    return byId.size();
  }

  long retainedInvocations() {
    return invocations.get();
  }

  long forgotten() {
    return forgotten.get();
  }

  /** Forgets the oldest completed commands while over either limit. */
  synchronized void trim(int maxCommands, long maxInvocations) {
    Iterator<Command> it = bySeq.values().iterator();
    while (it.hasNext() && (byId.size() > maxCommands || invocations.get() > maxInvocations)) {
      Command c = it.next();
      if (!c.done()) {
        continue;
      }
      it.remove();
      byId.remove(c.id);
      invocations.addAndGet(-c.targetCount());
      forgotten.incrementAndGet();
    }
  }

  /** Forgets everything; answers what was there so running work can be stopped. */
  synchronized Collection<Command> clear() {
    Collection<Command> all = new java.util.ArrayList<>(bySeq.values());
    bySeq.clear();
    byId.clear();
    invocations.set(0);
    return all;
  }
}
