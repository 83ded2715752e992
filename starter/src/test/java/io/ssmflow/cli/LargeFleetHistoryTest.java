package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.workflows.fleetrun.FleetRunSpec;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's bounded-history check end to end: a 2,000-instance rollout on simulated instances (real
 * activities, real simulator, in-process worker, embedded Temporal) succeeds, no execution (parent,
 * every run of every slice) reaches 10,240 history events, and SendCommand batching keeps SSM calls
 * per instance-step well below one. Prints the largest history, the number of executions, the wall
 * time and the N·T/C bound of docs/design.md §8.
 *
 * <p>{@code -Dscale.instances=, -Dscale.concurrency=, -Dscale.latency=500ms-2s} scale it up; the
 * defaults keep CI fast. The wall-time benchmark is {@code bench/rollout-bound.sh}.
 */
class LargeFleetHistoryTest {
  private static final int LIMIT = 10_240;
  private static final String STEPS =
      """
      steps:
        - name: fetch
          commands: ["echo fetch {{App}} {{Version}}"]
          timeoutSeconds: 60
        - name: install
          commands: ["echo install {{Version}}"]
          timeoutSeconds: 60
        - name: restart
          commands: ["echo restart {{App}}"]
          timeoutSeconds: 60
      healthCheck:
        commands: ["echo healthy"]
        timeoutSeconds: 60
      rollback:
        commands: ["echo rollback {{App}}"]
        timeoutSeconds: 60
      """;

  /** Commands each instance runs on success: three steps and the health check. */
  private static final int STEPS_PER_INSTANCE = 4;

  @TempDir Path state;

  @Test
  void twoThousandSimulatedInstancesStayUnderTheHistoryLimit() throws Exception {
    int instances = Integer.getInteger("scale.instances", 2_000);
    int concurrency = Integer.getInteger("scale.concurrency", instances / 10);
    String latency = System.getProperty("scale.latency", "20ms-80ms");
    String fleet =
        """
        instances:
          - count: %d
            namePrefix: batch-perf
            mode: simulated
            latency: %s
            tags: {Application: batch, Environment: perf}
        """
            .formatted(instances, latency);
    Path spec = state.resolve("spec.yaml");
    Files.writeString(spec, STEPS);

    try (DevStack stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, fleet, state.resolve("sim"), "default", "scale"))) {
      long started = System.nanoTime();
      CliRun deploy =
          CliRun.run(
              stack.exports(),
              "deploy",
              "--app",
              "batch",
              "--version",
              "1.0.0",
              "--env",
              "perf",
              "--max-concurrency",
              "" + concurrency,
              "--max-errors",
              "0",
              "--spec",
              spec.toString(),
              "--metrics-namespace",
              "none",
              "--wait");
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
      assertThat(deploy.out())
          .contains("deploy-batch-perf-1.0.0: SUCCEEDED")
          .contains(instances + "/" + instances + " succeeded");

      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(stack.temporal().address())
                  .build());
      try {
        WorkflowClient client =
            WorkflowClient.newInstance(
                service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
        Histories h = histories(client, "deploy-batch-perf-1.0.0");

        // Totals from the simulator, not from the commands it still retains (it forgets
        // commands beyond 10,000).
        long sends = admin(stack, "/_sim/stats").at("/calls/ssm:SendCommand").asLong();
        long invocations = admin(stack, "/_sim/runs").get("runs").asLong();
        long instanceSteps = (long) instances * STEPS_PER_INSTANCE;
        double mean = meanSeconds(latency);
        double bound = instances * STEPS_PER_INSTANCE * mean / concurrency;
        System.out.printf(
            "LargeFleetHistoryTest: %,d simulated instances, MaxConcurrency %d,"
                + " latency %s: %d executions (%d slices), largest history %d events (limit %d),"
                + " wall %.1f s (N*T/C bound %.1f s, ratio %.2f), %d SendCommands for %d"
                + " invocations / %d instance-steps (%.3f per instance-step)%n",
            instances,
            concurrency,
            latency,
            h.runs.size(),
            h.slices,
            h.largest,
            LIMIT,
            seconds,
            bound,
            seconds / bound,
            sends,
            invocations,
            instanceSteps,
            (double) sends / instanceSteps);
        System.out.println("history lengths: " + h.runs);
        System.out.println("slice time: " + h.gaps);

        // Slices of at most 1,000, cut as target pages arrive: the first page (no larger than
        // the window) starts a slice of its own, then one per 1,000 and the rest.
        int full =
            (instances + FleetRunSpec.DEFAULT_SLICE_SIZE - 1) / FleetRunSpec.DEFAULT_SLICE_SIZE;
        assertThat(h.slices).isBetween(full, full + 1);
        assertThat(h.largest).isLessThan(LIMIT);
        assertThat(invocations).as("every instance ran every step once").isEqualTo(instanceSteps);
        assertThat((double) sends / instanceSteps)
            .as("SendCommands per instance-step")
            .isLessThan(0.25);
      } finally {
        service.shutdownNow();
      }
    }
  }

  /** Every run of the parent and of every child it started, with their event counts. */
  private record Histories(List<String> runs, int slices, int largest, Gaps gaps) {}

  /**
   * Where a slice's time goes: inside awaitInvocations (polling SSM) vs between one await's
   * completion and the next await's scheduling (workflow tasks and SendCommand activities).
   */
  private static final class Gaps {
    long awaits;
    long awaitMillis;
    long gaps;
    long gapMillis;

    @Override
    public String toString() {
      return String.format(
          "%d awaits, mean %.0f ms in await, mean %.0f ms between awaits",
          awaits,
          awaits == 0 ? 0.0 : (double) awaitMillis / awaits,
          gaps == 0 ? 0.0 : (double) gapMillis / gaps);
    }

    void add(List<HistoryEvent> events) {
      Map<Long, Long> scheduled = new java.util.HashMap<>();
      long lastCompleted = -1;
      for (HistoryEvent e : events) {
        long t = com.google.protobuf.util.Timestamps.toMillis(e.getEventTime());
        if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
            && e.getActivityTaskScheduledEventAttributes()
                .getActivityType()
                .getName()
                .equalsIgnoreCase("awaitInvocations")) {
          scheduled.put(e.getEventId(), t);
          if (lastCompleted >= 0) {
            gaps++;
            gapMillis += t - lastCompleted;
            lastCompleted = -1;
          }
        } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
          Long from =
              scheduled.remove(e.getActivityTaskCompletedEventAttributes().getScheduledEventId());
          if (from != null) {
            awaits++;
            awaitMillis += t - from;
            lastCompleted = t;
          }
        }
      }
    }
  }

  private static Histories histories(WorkflowClient client, String parentId) {
    List<String> runs = new ArrayList<>();
    int largest = 0;
    int slices = 0;
    Gaps gaps = new Gaps();
    List<WorkflowExecution> chains = new ArrayList<>();
    WorkflowExecutionHistory latest = client.fetchHistory(parentId);
    // The parent's first run: follow from it so a continued-as-new parent is counted too.
    chains.add(
        WorkflowExecution.newBuilder()
            .setWorkflowId(parentId)
            .setRunId(firstRunId(latest))
            .build());
    for (int c = 0; c < chains.size(); c++) {
      String id = chains.get(c).getWorkflowId();
      String runId = chains.get(c).getRunId();
      while (runId != null && !runId.isEmpty()) {
        WorkflowExecutionHistory h = client.fetchHistory(id, runId);
        int size = h.getEvents().size();
        long firstAt =
            com.google.protobuf.util.Timestamps.toMillis(h.getEvents().get(0).getEventTime());
        long lastAt = com.google.protobuf.util.Timestamps.toMillis(h.getLastEvent().getEventTime());
        runs.add(id + " " + size + " events, " + (lastAt - firstAt) + " ms");
        largest = Math.max(largest, size);
        gaps.add(h.getEvents());
        for (HistoryEvent e : h.getEvents()) {
          if (e.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
            chains.add(e.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution());
            if (id.equals(parentId)
                && e.getChildWorkflowExecutionStartedEventAttributes()
                    .getWorkflowExecution()
                    .getWorkflowId()
                    .startsWith(parentId + "/")) {
              slices++; // a slice, not the deployment's lock
            }
          }
        }
        HistoryEvent last = h.getLastEvent();
        runId =
            last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
                : null;
      }
    }
    return new Histories(runs, slices, largest, gaps);
  }

  /** The first run of the chain that ends at {@code latest} ({@code firstExecutionRunId}). */
  private static String firstRunId(WorkflowExecutionHistory latest) {
    String first =
        latest
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getFirstExecutionRunId();
    return first.isEmpty() ? latest.getWorkflowExecution().getRunId() : first;
  }

  private static JsonNode admin(DevStack stack, String path) throws Exception {
    URI uri = stack.simulator().endpoint().resolve(path);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  /** Mean of a uniform "20ms-80ms" / "500ms-2s" latency range, in seconds. */
  static double meanSeconds(String range) {
    String[] parts = range.split("-");
    double sum = 0;
    for (String p : parts) {
      String t = p.trim();
      sum +=
          t.endsWith("ms")
              ? Double.parseDouble(t.substring(0, t.length() - 2)) / 1000
              : Double.parseDouble(t.substring(0, t.length() - 1));
    }
    return sum / parts.length;
  }
}
