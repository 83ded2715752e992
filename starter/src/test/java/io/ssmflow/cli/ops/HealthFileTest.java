package io.ssmflow.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
    try (HealthFile health = HealthFile.start(file, () -> false, java.time.Duration.ofHours(1),
        clock)) {
      health.update(true, clock);
      assertThat(Files.readString(file)).isEqualTo("1800000000\n");
      health.update(false, clock);
      assertThat(file).doesNotExist();
      health.update(true, clock);
      assertThat(file).exists();
    }
    assertThat(file).doesNotExist();
  }
}
