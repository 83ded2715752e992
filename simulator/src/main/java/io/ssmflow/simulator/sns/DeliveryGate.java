package io.ssmflow.simulator.sns;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the HTTP requests under way to one endpoint: at most {@code maxInFlight} at once (so a
 * burst of notifications reuses a few keep-alive connections instead of opening one per message),
 * the others wait in order, and no more than {@code maxWaiting} wait (an endpoint that does not
 * keep up makes the excess fail at once instead of filling the heap).
 */
final class DeliveryGate {
  private final int maxInFlight;
  private final int maxWaiting;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger waitingCount = new AtomicInteger();
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  DeliveryGate(int maxInFlight, int maxWaiting) {
    this.maxInFlight = maxInFlight;
    this.maxWaiting = maxWaiting;
  }

  /**
   * Runs {@code send} now or when a request under way ends; {@code send} must call {@link #done}
   * exactly once when its request ends. Answers false, without running it, when too many wait.
   */
  boolean submit(Runnable send) {
    if (waitingCount.incrementAndGet() > maxWaiting) {
      waitingCount.decrementAndGet();
      return false;
    }
    waiting.add(send);
    drain();
    return true;
  }

  /** A request under way has ended: the next waiting one may start. */
  void done() {
    inFlight.decrementAndGet();
    drain();
  }

  int inFlight() {
    return inFlight.get();
  }

  int waiting() {
    return waitingCount.get();
  }

  private void drain() {
    while (!waiting.isEmpty()) {
      int n = inFlight.get();
      if (n >= maxInFlight) {
        return;
      }
      if (!inFlight.compareAndSet(n, n + 1)) {
        continue;
      }
      Runnable next = waiting.poll();
      if (next == null) {
        // Another thread took it; give the slot back and look again.
        inFlight.decrementAndGet();
        continue;
      }
      waitingCount.decrementAndGet();
      next.run();
    }
  }
}
