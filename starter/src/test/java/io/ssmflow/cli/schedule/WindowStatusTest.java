package io.ssmflow.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.window.MaintenanceWindowResult;
import io.ssmflow.workflows.window.TaskStatus;
import io.ssmflow.workflows.window.WindowOperation;
import io.ssmflow.workflows.window.WindowOutcome;
import io.ssmflow.workflows.window.WindowTaskResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code ssmflow status} prints a window run's result. */
class WindowStatusTest {
  @Test
  void everyTaskWithItsStatusChildAndMessage() {
    long start = Instant.parse("2026-11-29T01:00:00Z").toEpochMilli();
    MaintenanceWindowResult r =
        new MaintenanceWindowResult(
            WindowOutcome.FAILED,
            "1 of 2 tasks succeeded (1 skipped_cutoff)",
            start,
            start + 3 * 3_600_000L,
            start + 4 * 3_600_000L,
            List.of(
                new WindowTaskResult(
                    "1-patch",
                    WindowOperation.PATCH,
                    0,
                    TaskStatus.SUCCEEDED,
                    "window-w-2026-11-29T01:00:00Z/1-patch",
                    "SUCCEEDED: 12 patched"),
                new WindowTaskResult(
                    "2-deploy",
                    WindowOperation.DEPLOY,
                    1,
                    TaskStatus.SKIPPED_CUTOFF,
                    null,
                    "not started: the window's cutoff had passed")));

    String text = WindowStatus.text("window-w-2026-11-29T01:00:00Z", r);

    assertThat(text.lines().toList())
        .containsExactly(
            "window-w-2026-11-29T01:00:00Z: FAILED: 1 of 2 tasks succeeded (1 skipped_cutoff)",
            "  window 2026-11-29T01:00:00Z to 2026-11-29T05:00:00Z, cutoff 2026-11-29T04:00:00Z",
            "  1-patch          priority 0   SUCCEEDED      window-w-2026-11-29T01:00:00Z/1-patch"
                + "  SUCCEEDED: 12 patched",
            "  2-deploy         priority 1   SKIPPED_CUTOFF not started: the window's cutoff had"
                + " passed");
  }
}
