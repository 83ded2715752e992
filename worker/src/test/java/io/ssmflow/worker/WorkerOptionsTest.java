package io.ssmflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SSMFLOW_STICKY_EXECUTION=false turns sticky task queues off; anything else leaves them on. */
class WorkerOptionsTest {
  @Test
  void stickyByDefault() {
    assertThat(SsmflowWorker.workerOptions(Map.of()).getStickyQueueScheduleToStartTimeout())
        .isNotEqualTo(Duration.ZERO);
    assertThat(
            SsmflowWorker.workerOptions(Map.of("SSMFLOW_STICKY_EXECUTION", "true"))
                .getStickyQueueScheduleToStartTimeout())
        .isNotEqualTo(Duration.ZERO);
  }

  @Test
  void falseTurnsStickinessOff() {
    assertThat(
            SsmflowWorker.workerOptions(Map.of("SSMFLOW_STICKY_EXECUTION", " FALSE "))
                .getStickyQueueScheduleToStartTimeout())
        .isEqualTo(Duration.ZERO);
  }
}
