package io.ssmflow.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's heartbeat file: the last passed check's epoch second, gone when it fails. */
class HealthFileTest {
  @TempDir Path dir;

  @Test
  void aPassedCheckWritesItsTimeAndAFailedOneRemovesTheFile() throws Exception {
    Path file = dir.resolve("worker.health");
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
    // Driven by hand: the timer's own first update (at once) would race the test's.
    try (HealthFile health = HealthFile.unscheduled(file)) {
      health.update(true, clock);
      assertThat(Files.readString(file)).isEqualTo("1800000000\n");
      health.update(false, clock);
      assertThat(file).doesNotExist();
      health.update(true, clock);
      assertThat(file).exists();
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void theTimerWritesThePassedCheckAndCloseRemovesTheFile() throws Exception {
    Path file = dir.resolve("worker.health");
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
    try (HealthFile health = HealthFile.start(file, () -> true, Duration.ofMillis(20), clock)) {
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!Files.exists(file) && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(Files.readString(file)).isEqualTo("1800000000\n");
    }
    assertThat(file).doesNotExist();
  }
}
