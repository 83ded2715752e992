package io.ssmflow.activities.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.ActivityRetries;
import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.workflows.snapshot.InstanceSnapshots;
import io.ssmflow.workflows.snapshot.SnapshotActivities;
import io.ssmflow.workflows.snapshot.SnapshotWaitResult;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pre-patch snapshots with real activity attempts ({@link ActivityRetries}): the first attempt
 * creates at once, without looking for earlier snapshots (only a retry can have any); a retry whose
 * first attempt's worker died after creating finds them, with one lookup for the whole batch, and
 * creates nothing twice.
 */
class SnapshotRetryTest {
  private static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: db
          mode: simulated
          latency: 100ms
          volumes: [{device: /dev/sdf, size: 20}]
      knobs: {pendingDuration: 0ms}
      """;

  private static final String RUN = "0f6d3c1e-8a2b-4c5d-9e7f-112233445566";

  private static TestSimulator sim;
  private static Map<String, String> ids;

  /** The real activities, with a first attempt whose worker dies once its snapshots exist. */
  static final class DiesAfterCreating implements SnapshotActivities {
    final PatchActivitiesImpl real;
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    volatile List<InstanceSnapshots> firstAnswer;

    DiesAfterCreating(PatchActivitiesImpl real) {
      this.real = real;
    }

    @Override
    public List<InstanceSnapshots> createSnapshots(
        String workflowId, String runId, List<String> instanceIds) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      attempts.add(attempt);
      List<InstanceSnapshots> answer = real.createSnapshots(workflowId, runId, instanceIds);
      if (attempt == 1) {
        firstAnswer = answer;
        throw new IllegalStateException("test: the worker died after CreateSnapshot");
      }
      return answer;
    }

    @Override
    public SnapshotWaitResult awaitSnapshots(List<String> snapshotIds) {
      return real.awaitSnapshots(snapshotIds);
    }

    @Override
    public String restoreRootVolume(String instanceId, String snapshotId, String clientToken) {
      return real.restoreRootVolume(instanceId, snapshotId, clientToken);
    }
  }

  @BeforeAll
  static void startSimulator() {
    sim = TestSimulator.start(FLEET);
    ids = ActivityTesting.idsByName(sim);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @Test
  void aRetryFindsWhatItsFirstAttemptCreatedWithOneLookupAndTheFirstAttemptLooksUpNothing() {
    DiesAfterCreating worker =
        new DiesAfterCreating(
            new PatchActivitiesImpl(sim.ec2(), sim.ssm(), Duration.ofMillis(500)));
    List<String> batch = List.of(ids.get("db-1"), ids.get("db-2"), ids.get("db-3"));
    sim.admin("POST", "/_sim/stats/reset");
    InstanceSnapshots[] answer;
    try (ActivityRetries retries = new ActivityRetries(worker)) {
      answer =
          retries.callWithArguments(
              "CreateSnapshots",
              List.of("patch-install-db-test", RUN, batch),
              InstanceSnapshots[].class);
    }

    assertThat(worker.attempts).containsExactly(1, 2);
    assertThat(List.of(answer)).isEqualTo(worker.firstAnswer);
    assertThat(answer).allSatisfy(s -> assertThat(s.snapshotIds()).hasSize(2));
    JsonNode calls = sim.admin("GET", "/_sim/stats").get("calls");
    // Two volumes (root and /dev/sdf) of three instances, created once: by the first attempt.
    assertThat(calls.path("ec2:CreateSnapshot").asLong()).as("calls %s", calls).isEqualTo(6);
    // One lookup, by the retry, for the whole batch; the first attempt looked nothing up.
    assertThat(calls.path("ec2:DescribeSnapshots").asLong()).as("calls %s", calls).isEqualTo(1);
  }
}
