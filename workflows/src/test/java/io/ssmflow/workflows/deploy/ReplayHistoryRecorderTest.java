package io.ssmflow.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Re-records the replay histories; runs only with {@code -Dreplay.record=true} (all) or
 * {@code -Dreplay.record=waves} (only the waves and alarm history).
 */
class ReplayHistoryRecorderTest {
  @Test
  @EnabledIfSystemProperty(named = "replay.record", matches = "true")
  void record() throws Exception {
    ReplayHistories.record();
    assertThat(Files.size(ReplayHistories.DIR.resolve(ReplayHistories.PARENT))).isPositive();
  }

  @Test
  @EnabledIfSystemProperty(named = "replay.record", matches = "true|waves")
  void recordWavesAndAlarm() throws Exception {
    ReplayHistories.recordWavesAndAlarm();
    assertThat(Files.size(ReplayHistories.DIR.resolve(ReplayHistories.WAVES_ALARM)))
        .isPositive();
  }
}
