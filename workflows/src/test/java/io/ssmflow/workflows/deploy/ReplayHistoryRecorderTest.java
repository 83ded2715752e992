package io.ssmflow.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Re-records the replay histories; runs only with {@code -Dreplay.record=true}. */
@EnabledIfSystemProperty(named = "replay.record", matches = "true")
class ReplayHistoryRecorderTest {
  @Test
  void record() throws Exception {
    ReplayHistories.record();
    assertThat(Files.size(ReplayHistories.DIR.resolve(ReplayHistories.PARENT))).isPositive();
  }
}
