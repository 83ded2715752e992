package io.ssmflow.workflows.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Re-records the patch replay histories; runs only with {@code -Dreplay.record=true}. */
@EnabledIfSystemProperty(named = "replay.record", matches = "true")
class PatchReplayRecorderTest {
  @Test
  void record() throws Exception {
    PatchReplayHistories.record();
    assertThat(Files.size(PatchReplayHistories.DIR.resolve(PatchReplayHistories.INSTALL)))
        .isPositive();
  }
}
