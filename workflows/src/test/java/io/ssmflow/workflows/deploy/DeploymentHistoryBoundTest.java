package io.ssmflow.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.fleetrun.FleetRunSpec;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 2,000-instance rollout (MaxConcurrency 200, the built-in six-command spec) keeps every
 * execution, parent and every run of every slice, under Temporal's 10,240-event warning level.
 * {@code -Dhistory.instances=10000 -Dhistory.concurrency=500} measures the docs/design.md target
 * (minutes; not part of the default suite).
 */
class DeploymentHistoryBoundTest {
  private static final int LIMIT = 10_240;

  @Test
  void twoThousandInstancesStayUnderTheHistoryLimit() {
    int instances = Integer.getInteger("history.instances", 2_000);
    int concurrency = Integer.getInteger("history.concurrency", 200);
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), instances)) {
      DeploymentRequest request =
          new DeploymentRequest(
              "shop",
              "2.0.0",
              "staging",
              TargetSpec.ofTags(Map.of("Application", "shop")),
              RateLimit.maxConcurrency("" + concurrency),
              RateLimit.maxErrors("0"),
              0,
              false,
              Duration.ofMinutes(30),
              FailurePolicy.ROLLBACK_ALL,
              DeploymentSpecs.defaultSpec(),
              null,
              null,
              0);
      long started = System.currentTimeMillis();
      DeploymentResult r = f.run(request);
      long took = System.currentTimeMillis() - started;

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.succeeded()).isEqualTo(instances);
      assertThat(f.commands.maxInFlight()).isLessThanOrEqualTo(concurrency);

      String parentId = DeploymentIds.workflowId("shop", "staging", "2.0.0");
      WorkflowExecutionHistory parent = f.client.fetchHistory(parentId);
      List<String> runs = new ArrayList<>();
      int largest = parent.getEvents().size();
      runs.add(parentId + " " + largest);
      int children = 0;
      for (HistoryEvent e : parent.getEvents()) {
        if (e.getEventType() != EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
          continue;
        }
        String childId =
            e.getChildWorkflowExecutionStartedEventAttributes()
                .getWorkflowExecution()
                .getWorkflowId();
        if (!childId.startsWith(parentId + "/")) {
          continue; // the deployment's lock, not a slice
        }
        children++;
        String runId =
            e.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getRunId();
        while (runId != null) {
          WorkflowExecutionHistory h = f.client.fetchHistory(childId, runId);
          int size = h.getEvents().size();
          runs.add(childId + " " + size);
          largest = Math.max(largest, size);
          HistoryEvent last = h.getLastEvent();
          runId =
              last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                  ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
                  : null;
        }
      }
      System.out.printf(
          "%,d instances, MaxConcurrency %d: %d slices, %d executions,"
              + " largest history %d events (limit %d), %d SendCommands, %.1f s%n",
          instances,
          concurrency,
          children,
          runs.size(),
          largest,
          LIMIT,
          f.commands.sends().size(),
          took / 1000.0);
      System.out.println("history lengths: " + runs);
      assertThat(children)
          .isEqualTo(
              (instances + FleetRunSpec.DEFAULT_SLICE_SIZE - 1) / FleetRunSpec.DEFAULT_SLICE_SIZE);
      assertThat(largest).isLessThan(LIMIT);
    }
  }
}
