package io.ssmflow.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Re-records the deployment replay histories; runs only in the record-replays profile
 * (scripts/record-replays.sh; {@code scripts/record-replays.sh
 * 'ReplayHistoryRecorderTest#recordWavesAndAlarm'} re-records only the waves and alarm history).
 */
@Tag("record-replays")
class ReplayHistoryRecorderTest {
  @Test
  void record() throws Exception {
    ReplayHistories.record();
    assertThat(Files.size(ReplayHistories.DIR.resolve(ReplayHistories.PARENT))).isPositive();
  }

  @Test
  void recordPages() throws Exception {
    ReplayHistories.recordPages();
    assertThat(Files.size(ReplayHistories.DIR.resolve(ReplayHistories.PAGES))).isPositive();
  }

  @Test
  void recordWavesAndAlarm() throws Exception {
    ReplayHistories.recordWavesAndAlarm();
    assertThat(Files.size(ReplayHistories.DIR.resolve(ReplayHistories.WAVES_ALARM))).isPositive();
  }
}
