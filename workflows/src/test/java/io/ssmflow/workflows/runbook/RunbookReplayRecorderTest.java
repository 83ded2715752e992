package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Re-records the runbook replay histories; runs only with {@code -Dreplay.record=true}. */
@EnabledIfSystemProperty(named = "replay.record", matches = "true")
class RunbookReplayRecorderTest {
  @Test
  void record() throws Exception {
    RunbookReplayHistories.record();
    assertThat(Files.size(RunbookReplayHistories.DIR.resolve(RunbookReplayHistories
        .AUTOMATION))).isPositive();
  }
}
