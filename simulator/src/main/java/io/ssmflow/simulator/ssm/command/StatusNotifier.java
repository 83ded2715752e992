package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SendCommand's status-change notifications to SNS. The {@link Dispatcher} reports every
 * status a command or invocation enters, under the command's monitor; this only captures a {@link
 * StatusMessage} and queues it, so the command engine never waits for SNS (rendering, signing and
 * HTTP delivery happen on the publishing threads and SNS's delivery threads). The queue is bounded:
 * beyond {@link #QUEUE_CAPACITY} waiting messages the newest are dropped and counted.
 */
final class StatusNotifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusNotifier.class);

  static final int QUEUE_CAPACITY = 100_000;

  /**
   * Publishing threads: each renders and signs its messages (an RSA-2048 signature costs about a
   * millisecond of CPU), so one per core, two to four.
   */
  static final int THREADS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final StatusPublisher publisher;
  private final ThreadPoolExecutor publishing;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  StatusNotifier(StatusPublisher publisher) {
    this.publisher = publisher;
    AtomicInteger n = new AtomicInteger();
    this.publishing =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE_CAPACITY),
            r -> {
              Thread t = new Thread(r, "sim-ssm-notify-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (r, pool) -> dropped());
    this.publishing.allowCoreThreadTimeOut(true);
  }

  boolean topicExists(String topicArn) {
    return publisher.topicExists(topicArn);
  }

  /** Caller holds the command's monitor: {@code inv} has just entered a new Status. */
  void invocationChanged(Invocation inv, long nowMillis) {
    NotificationConfig cfg = inv.command.request.notifications();
    if (cfg != null && cfg.perInvocation() && cfg.wants(inv.status())) {
      enqueue(StatusMessage.invocation(cfg, inv, nowMillis));
    }
  }

  /** Caller holds the command's monitor: {@code c} has just entered a new Status. */
  void commandChanged(Command c, long nowMillis) {
    NotificationConfig cfg = c.request.notifications();
    if (cfg != null && !cfg.perInvocation() && cfg.wants(c.status)) {
      enqueue(StatusMessage.command(cfg, c, nowMillis));
    }
  }

  private void enqueue(StatusMessage m) {
    try {
      publishing.execute(() -> publish(m));
    } catch (RejectedExecutionException e) {
      dropped();
    }
  }

  private void publish(StatusMessage m) {
    try {
      publisher.publish(m.topicArn(), m.toJson());
      published.incrementAndGet();
    } catch (RuntimeException e) {
      long n = failed.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        log.warn("run command notification to {} failed ({} so far): {}", m.topicArn(), n, e);
      }
    }
  }

  private void dropped() {
    long n = dropped.incrementAndGet();
    if (n == 1 || n % 1000 == 0) {
      log.warn("run command notifications queue full: {} dropped so far", n);
    }
  }

  /** {published, failed, dropped, queued} since the start or the last reset. */
  ObjectNode stats() {
    return Json.object()
        .put("published", published.get())
        .put("failed", failed.get())
        .put("dropped", dropped.get())
        .put("queued", publishing.getQueue().size());
  }

  void resetCounts() {
    published.set(0);
    failed.set(0);
    dropped.set(0);
  }

  @Override
  public void close() {
    publishing.shutdownNow();
  }
}
