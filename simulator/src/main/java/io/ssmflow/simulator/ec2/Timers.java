package io.ssmflow.simulator.ec2;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EC2's delayed state changes on one scheduler thread. A reset starts a new epoch so that work
 * scheduled before it never touches the instances loaded after it (their ids may be the same).
 */
final class Timers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Timers.class);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sim-ec2-timers");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong epoch = new AtomicLong();

  /** Runs {@code work} after {@code delay}, unless the simulator is reset in between. */
  void after(Duration delay, Runnable work) {
    long scheduledIn = epoch.get();
    executor.schedule(
        () -> {
          if (epoch.get() != scheduledIn) {
            return;
          }
          try {
            work.run();
          } catch (RuntimeException e) {
            log.error("EC2 timer failed", e);
          }
        },
        Math.max(0, delay.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  /** Forgets everything scheduled so far. */
  void newEpoch() {
    epoch.incrementAndGet();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
