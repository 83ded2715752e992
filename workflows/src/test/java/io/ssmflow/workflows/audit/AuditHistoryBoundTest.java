package io.ssmflow.workflows.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.HistoryWalk;
import io.ssmflow.workflows.audit.FakeAudits.Outcome;
import io.ssmflow.workflows.deploy.FakeCommands;
import io.ssmflow.workflows.fleetrun.FleetRunSpec;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 3,000-instance audit (the six built-in checks) keeps every execution, the parent and every run
 * of every slice, under Temporal's 10,240-event warning level: the checks run in slices of the
 * fleet-run engine, and the parent reads findings 50 instances per call. {@code
 * -Dhistory.instances=N -Dhistory.concurrency=C} measures other sizes.
 */
class AuditHistoryBoundTest {
  private static final int LIMIT = 10_240;

  @Test
  void threeThousandInstancesStayUnderTheHistoryLimit() {
    int instances = Integer.getInteger("history.instances", 3_000);
    String concurrency = System.getProperty("history.concurrency", "25%");
    Finding f = new Finding("agents", "monitoring-agent-missing", Severity.LOW, "missing");
    try (AuditFixture fx =
        new AuditFixture(
            instances, FakeCommands.allSucceed(), FakeAudits.byId(id -> Outcome.found(f)))) {
      long started = System.currentTimeMillis();
      AuditResult r = fx.run(AuditFixture.request(concurrency, List.of(), 0));
      long took = System.currentTimeMillis() - started;

      assertThat(r.checkedCount()).isEqualTo(instances);
      assertThat(r.count(Severity.LOW)).isEqualTo(instances);
      assertThat(fx.audits.readInstances()).isEqualTo(instances);
      assertThat(fx.audits.reads)
          .allMatch(x -> x.instances().size() <= FindingsRequest.MAX_INSTANCES);

      Map<String, Integer> runs = HistoryWalk.lengths(fx.client, fx.workflowId());
      int largest = runs.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      WorkflowExecutionHistory parent = fx.client.fetchHistory(fx.workflowId());
      long slices =
          parent.getEvents().stream()
              .filter(
                  e -> e.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)
              .count();
      System.out.printf(
          "audit of %,d instances, MaxConcurrency %s: %d slices, %d executions,"
              + " parent %d events, largest history %d events (limit %d), %d SendCommands,"
              + " %d readFindings calls (%d while slices ran), %.1f s%n",
          instances,
          concurrency,
          slices,
          runs.size(),
          parent.getEvents().size(),
          largest,
          LIMIT,
          fx.commands.sends().size(),
          fx.audits.reads.size(),
          readsWhileChecking(parent),
          took / 1000.0);
      System.out.println("history lengths: " + runs);
      assertThat(slices)
          .isEqualTo(
              (instances + FleetRunSpec.DEFAULT_SLICE_SIZE - 1) / FleetRunSpec.DEFAULT_SLICE_SIZE);
      assertThat(largest).isLessThan(LIMIT);
    }
  }

  /** readFindings calls scheduled before the last slice closed. */
  private static long readsWhileChecking(WorkflowExecutionHistory parent) {
    List<HistoryEvent> events = parent.getEvents();
    long lastSliceClosed =
        events.stream()
            .filter(
                e -> e.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)
            .mapToLong(HistoryEvent::getEventId)
            .max()
            .orElse(0);
    return events.stream()
        .filter(
            e ->
                e.getEventId() < lastSliceClosed
                    && e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                    && e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("ReadFindings"))
        .count();
  }
}
