package io.ssmflow.workflows.deploy;

import static io.ssmflow.workflows.deploy.DeploymentFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;

import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.deploy.FakeCommands.Result;
import io.ssmflow.workflows.wave.WavePlan;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Wave plans (docs/waves.md): order, one MaxErrors budget, bake, approval after a wave. */
class DeploymentWavesTest {
  private static DeploymentRequest.Builder waves(String plan) {
    return request("2", "0", 0, FailurePolicy.ROLLBACK_ALL).toBuilder().waves(WavePlan.parse(plan));
  }

  @Test
  void eachWaveStartsOnlyOnceThePreviousOneHasFinished() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 10)) {
      List<String> ids = DeploymentFixture.ids(10);
      DeploymentResult r = f.run(waves("1,3,100%").build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.succeeded()).isEqualTo(10);
      List<SendCommandRequest> sends = f.commands.sends();
      assertThat(sends.get(0).instanceIds()).containsExactly(ids.get(0));
      int lastOfWave1 = lastSendTo(sends, ids.subList(0, 1));
      int firstOfWave2 = firstSendTo(sends, ids.subList(1, 4));
      int lastOfWave2 = lastSendTo(sends, ids.subList(1, 4));
      int firstOfWave3 = firstSendTo(sends, ids.subList(4, 10));
      assertThat(firstOfWave2).isGreaterThan(lastOfWave1);
      assertThat(firstOfWave3).isGreaterThan(lastOfWave2);
      assertThat(f.commands.maxInFlight()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void eachWavePutsItsMetricsWithAWaveDimension() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 5)) {
      f.run(waves("1,100%").build());

      verify(f.notify)
          .putMetrics(
              eq("ssmflow"),
              eq(Map.of("App", "shop", "Environment", "staging", "Wave", "1")),
              anyList());
      verify(f.notify)
          .putMetrics(
              eq("ssmflow"),
              eq(Map.of("App", "shop", "Environment", "staging", "Wave", "2")),
              anyList());
    }
  }

  @Test
  void maxErrorsIsOneBudgetOverAllWaves() {
    List<String> ids = DeploymentFixture.ids(8);
    FakeCommands.Behavior sick =
        (id, step, attempt) ->
            (id.equals(ids.get(1)) || id.equals(ids.get(3))) && step.equals("health")
                ? Result.fail(1)
                : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(sick, 8)) {
      DeploymentResult r =
          f.run(
              waves("2,2,100%")
                  .maxErrors(io.ssmflow.workflows.ratecontrol.RateLimit.maxErrors("1"))
                  .build());

      // One error in wave 1 is within MaxErrors 1; the second, in wave 2, exceeds it.
      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.message()).startsWith("2 errors exceeded MaxErrors 1");
      for (String id : ids.subList(4, 8)) {
        assertThat(f.commands.steps(id)).isEmpty();
        assertThat(state(r, id)).isEqualTo(InstanceState.SKIPPED);
      }
      for (String id : ids.subList(0, 4)) {
        assertThat(state(r, id)).isEqualTo(InstanceState.ROLLED_BACK);
      }
    }
  }

  @Test
  void theBakeWaitsAfterEveryWave() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      DeploymentResult r = f.run(waves("1,100%").bake(Duration.ofMinutes(5)).build());

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.durationSeconds()).isGreaterThanOrEqualTo(600);
    }
  }

  @Test
  void approvalCanSitAfterAnyWave() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 6)) {
      DeploymentWorkflow wf = f.stub();
      WorkflowClient.start(
          wf::deploy,
          waves("1,2,100%").approval(true, Duration.ofHours(1)).approveAfterWave(2).build());
      waitFor(() -> wf.progress().phase().equals("awaiting-approval"));
      DeploymentProgress p = wf.progress();
      assertThat(p.wave()).isEqualTo(2);
      assertThat(p.waves()).isEqualTo(3);
      assertThat(p.succeeded()).isEqualTo(3);
      assertThat(f.commands.startedInstances()).isEqualTo(3);

      wf.approve(new Approval("alice", "waves 1-2 look good"));
      DeploymentResult r = WorkflowStub.fromTyped(wf).getResult(DeploymentResult.class);
      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.succeeded()).isEqualTo(6);
    }
  }

  @Test
  void canaryIsShorthandForTheFirstWaveNotAnAddition() {
    assertThatThrownBy(
            () ->
                request("2", "0", 1, FailurePolicy.ROLLBACK_ALL).toBuilder()
                    .waves(WavePlan.parse("1,100%"))
                    .build())
        .hasMessage("canary N is shorthand for waves N,100%: give --canary or --waves, not both");
    assertThat(request("2", "0", 3, FailurePolicy.ROLLBACK_ALL).wavePlan().text())
        .isEqualTo("3,100%");
    assertThatThrownBy(() -> waves("1").approveAfterWave(1).build())
        .hasMessageContaining("approval gate");
  }

  static InstanceState state(DeploymentResult r, String id) {
    return r.instances().stream()
        .filter(p -> p.instanceId().equals(id))
        .findFirst()
        .orElseThrow()
        .state();
  }

  private static int firstSendTo(List<SendCommandRequest> sends, List<String> ids) {
    for (int i = 0; i < sends.size(); i++) {
      if (sends.get(i).instanceIds().stream().anyMatch(ids::contains)) {
        return i;
      }
    }
    throw new AssertionError("nothing sent to " + ids);
  }

  private static int lastSendTo(List<SendCommandRequest> sends, List<String> ids) {
    int last = -1;
    for (int i = 0; i < sends.size(); i++) {
      if (sends.get(i).instanceIds().stream().anyMatch(ids::contains)) {
        last = i;
      }
    }
    return last;
  }

  static void waitFor(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
