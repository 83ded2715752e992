package io.ssmflow.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Re-records the runbook replay histories; runs only in the record-replays profile
 * (scripts/record-replays.sh).
 */
@Tag("record-replays")
class RunbookReplayRecorderTest {
  @Test
  void record() throws Exception {
    RunbookReplayHistories.record();
    assertThat(Files.size(RunbookReplayHistories.DIR.resolve(RunbookReplayHistories.AUTOMATION)))
        .isPositive();
  }
}
