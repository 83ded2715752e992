package io.ssmflow.workflows.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.patch.FakePatchCommands.Result;
import io.temporal.common.WorkflowExecutionHistory;
import org.junit.jupiter.api.Test;

/**
 * A 1,000-instance Install (health check, snapshots, install, validation, and a rollback on every
 * 50th instance) stays under Temporal's 10,240-event warning level in one execution: the limit
 * PatchWorkflowImpl documents. {@code -Dhistory.instances=N} measures other sizes.
 */
class PatchHistoryBoundTest {
  private static final int LIMIT = 10_240;

  @Test
  void aThousandInstancesStayUnderTheHistoryLimit() {
    int instances = Integer.getInteger("history.instances", 1_000);
    int concurrency = Integer.getInteger("history.concurrency", 100);
    FakePatchCommands.Behavior behavior = (id, step) -> {
      int n = Integer.parseInt(id.substring(2), 16);
      if (n % 50 == 0 && step.equals("validate")) {
        return Result.fail(2);
      }
      return Result.ok(1 + Math.floorMod((id + step).hashCode(), 5));
    };
    try (PatchFixture f = new PatchFixture(behavior, instances)) {
      PatchRequest request = PatchFixture.install("staging", "" + concurrency,
          "" + instances, null);
      long started = System.currentTimeMillis();
      PatchResult r = f.run(request);
      long took = System.currentTimeMillis() - started;

      assertThat(r.outcome()).isEqualTo(PatchOutcome.ROLLED_BACK);
      assertThat(r.patched() + r.rolledBack()).isEqualTo(instances);
      assertThat(r.rolledBack()).isEqualTo(instances / 50);
      assertThat(f.commands.maxPatchingInFlight()).isLessThanOrEqualTo(concurrency);
      WorkflowExecutionHistory h = f.client.fetchHistory(PatchFixture.workflowId(request));
      int events = h.getEvents().size();
      System.out.printf("%,d instances, MaxConcurrency %d: %d history events (limit %d),"
          + " %d patch sends, %d shell sends, %.1f s%n", instances, concurrency, events, LIMIT,
          f.commands.patchSends().size(), f.commands.shellSends().size(), took / 1000.0);
      assertThat(events).isLessThan(LIMIT);
    }
  }
}
