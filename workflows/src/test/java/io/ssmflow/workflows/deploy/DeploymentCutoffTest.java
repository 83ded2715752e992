package io.ssmflow.workflows.deploy;

import static io.ssmflow.workflows.deploy.DeploymentFixture.ids;
import static io.ssmflow.workflows.deploy.DeploymentFixture.request;
import static io.ssmflow.workflows.deploy.DeploymentFixture.withApproval;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.fleet.SkippedInstance;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A maintenance window's launch cutoff on a deployment (time skipping, fake SSM). */
class DeploymentCutoffTest {

  @Test
  void aCutoffAlreadyPassedStartsNoInstance() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      long past = f.env.currentTimeMillis() - 60_000;
      DeploymentResult r = f.run(request("1", "0", 0, FailurePolicy.STOP).withLaunchCutoff(past));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.message()).contains("launch cutoff");
      assertThat(f.commands.startedInstances()).isZero();
      assertThat(cutoffSkipped(r)).containsExactlyElementsOf(ids(3));
    }
  }

  @Test
  void theCutoffStopsNewInstancesMidRollout() {
    // Every health check fails once and is retried 2 s later: one instance at a time takes
    // about 2 s of workflow time, so a cutoff 5 s in lets the first few start, then stops.
    FakeCommands.Behavior slowHealth =
        (id, step, attempt) ->
            step.equals("health") && attempt == 1
                ? FakeCommands.Result.fail(1)
                : FakeCommands.Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(slowHealth, 6)) {
      long cutoff = f.env.currentTimeMillis() + 5_000;
      DeploymentResult r = f.run(request("1", "0", 0, FailurePolicy.STOP).withLaunchCutoff(cutoff));

      int started = f.commands.startedInstances();
      assertThat(started).isBetween(1, 5);
      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.message()).contains("launch cutoff");
      assertThat(r.succeeded()).isEqualTo(started);
      assertThat(cutoffSkipped(r))
          .hasSize(6 - started)
          .containsExactlyElementsOf(ids(6).subList(started, 6));
      for (String id : cutoffSkipped(r)) {
        assertThat(f.commands.steps(id)).isEmpty();
      }
    }
  }

  @Test
  void theCutoffEndsAnApprovalWaitAndSkipsTheRest() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 4)) {
      long cutoff = f.env.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
      DeploymentResult r =
          f.run(
              withApproval(request("2", "0", 1, FailurePolicy.STOP), Duration.ofHours(2))
                  .withLaunchCutoff(cutoff));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.succeeded()).isEqualTo(1);
      assertThat(f.commands.startedInstances()).isEqualTo(1);
      assertThat(cutoffSkipped(r)).containsExactlyElementsOf(ids(4).subList(1, 4));
      assertThat(r.durationSeconds()).isLessThan(Duration.ofHours(1).toSeconds());
    }
  }

  @Test
  void noCutoffMeansNoTimerAndAFullRollout() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      DeploymentResult r = f.run(request("1", "0", 0, FailurePolicy.STOP));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(cutoffSkipped(r)).isEmpty();
    }
  }

  private static List<String> cutoffSkipped(DeploymentResult r) {
    return r.skipped().stream()
        .filter(s -> DeploymentRequest.CUTOFF.equals(s.reason()))
        .map(SkippedInstance::instanceId)
        .sorted()
        .toList();
  }
}
