package io.ssmflow.simulator.ssm.command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SendCommand answers held back by the {@code sendCommandResponseDelay} knob: the command exists
 * and runs, but its caller has not learnt its id yet. A crash test watches this list to kill a
 * client exactly in that window.
 */
final class HeldAnswers {
  /** One held answer: the command, when it was created and when its answer goes out. */
  record Held(
      String commandId,
      String comment,
      int targetCount,
      Instant createdAt,
      Instant releaseAt,
      String client) {}

  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final AtomicLong heldTotal = new AtomicLong();
  private final AtomicLong releasedTotal = new AtomicLong();

  /** Blocks the calling (HTTP) thread for {@code delay}, listed as held meanwhile. */
  void hold(Command c, Duration delay, String client) {
    Instant now = Instant.now();
    held.put(
        c.id, new Held(c.id, c.request.comment(), c.targetCount(), now, now.plus(delay), client));
    heldTotal.incrementAndGet();
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the simulator is stopping
    } finally {
      held.remove(c.id);
      releasedTotal.incrementAndGet();
    }
  }

  /** The answers held now, oldest first. */
  List<Held> now() {
    List<Held> out = new ArrayList<>(held.values());
    out.sort(Comparator.comparing(Held::createdAt));
    return out;
  }

  long heldTotal() {
    return heldTotal.get();
  }

  long releasedTotal() {
    return releasedTotal.get();
  }

  void resetTotals() {
    heldTotal.set(held.size());
    releasedTotal.set(0);
  }
}
