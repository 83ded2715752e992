package io.ssmflow.cli.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A heartbeat file for container health checks: while the check passes, the file holds the epoch
 * second of the last pass (rewritten every period); when it fails, the file is removed. A health
 * check then needs only a shell: the file exists and is recent.
 */
final class HealthFile implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthFile.class);

  private final Path file;
  private final ScheduledExecutorService timer;

  private HealthFile(Path file, ScheduledExecutorService timer) {
    this.file = file;
    this.timer = timer;
  }

  static HealthFile start(Path file, BooleanSupplier healthy, Duration period, Clock clock) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ssmflow-health-file");
              t.setDaemon(true);
              return t;
            });
    HealthFile health = new HealthFile(file, timer);
    timer.scheduleWithFixedDelay(
        () -> health.update(healthy.getAsBoolean(), clock),
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return health;
  }

  /** A health file updated only by {@link #update} calls (tests drive it without the timer). */
  static HealthFile unscheduled(Path file) {
    return new HealthFile(file, null);
  }

  void update(boolean healthy, Clock clock) {
    try {
      if (healthy) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(
            tmp, Long.toString(clock.instant().getEpochSecond()) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      log.warn("cannot update the health file {}: {}", file, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("cannot remove the health file {}", file, e);
    }
  }
}
