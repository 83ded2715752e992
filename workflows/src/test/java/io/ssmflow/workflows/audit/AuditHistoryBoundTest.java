package io.ssmflow.workflows.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.audit.FakeAudits.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 1,000-instance audit keeps its history far below Temporal's 10,240-event warning level: one
 * activity per loop turn, and a new batch only once a quarter of the window (at most 50) is free.
 */
class AuditHistoryBoundTest {
  private static final int LIMIT = 10_240;

  @Test
  void thousandInstancesAtTheDefaultConcurrency() {
    assertBounded("25%", 1_000, 400);
  }

  @Test
  void thousandInstancesAtLowConcurrency() {
    // Window 20: batches of at least 5, so about 200 turns.
    assertBounded("20", 1_000, 2_000);
  }

  private static void assertBounded(String concurrency, int instances, int maxEvents) {
    Finding f = new Finding("agents", "monitoring-agent-missing", Severity.LOW, "missing");
    try (AuditFixture fx = new AuditFixture(instances, id -> Outcome.found(f))) {
      AuditResult r = fx.run(AuditFixture.request(concurrency, List.of(), 0));
      assertThat(r.checkedCount()).isEqualTo(instances);
      assertThat(r.count(Severity.LOW)).isEqualTo(instances);
      int events = fx.client.fetchHistory(fx.workflowId()).getEvents().size();
      assertThat(events).as("history events").isLessThan(Math.min(LIMIT, maxEvents));
    }
  }
}
