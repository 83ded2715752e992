package io.ssmflow.workflows.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Re-records the patch replay histories; runs only in the record-replays profile
 * (scripts/record-replays.sh).
 */
@Tag("record-replays")
class PatchReplayRecorderTest {
  @Test
  void record() throws Exception {
    PatchReplayHistories.record();
    assertThat(Files.size(PatchReplayHistories.DIR.resolve(PatchReplayHistories.INSTALL)))
        .isPositive();
  }

  @Test
  void recordWavesAndAlarm() throws Exception {
    PatchReplayHistories.recordWavesAndAlarm();
    assertThat(Files.size(PatchReplayHistories.DIR.resolve(PatchReplayHistories.WAVES_ALARM)))
        .isPositive();
  }
}
