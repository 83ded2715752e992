package io.ssmflow.workflows.deploy;

import static io.ssmflow.workflows.deploy.DeploymentFixture.ids;
import static io.ssmflow.workflows.deploy.DeploymentFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.deploy.FakeCommands.Result;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.notify.MetricDatum;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Rolling deployments under time skipping with a fake Run Command. */
class DeploymentWorkflowTest {
  private static final List<String> ALL_STEPS = List.of("install", "start", "health");

  @Test
  void happyPathRunsStepsInOrderRecordsVersionsAndNotifies() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 6)) {
      DeploymentResult r = f.run(request("2", "0", 1, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.succeeded()).isEqualTo(6);
      assertThat(r.total()).isEqualTo(6);
      assertThat(r.previousVersion()).isEqualTo("1.0.0");
      assertThat(r.currentVersion()).isEqualTo("2.0.0");
      assertThat(r.skipped())
          .extracting(s -> s.reason())
          .containsExactly("SSM agent ConnectionLost");
      for (String id : ids(6)) {
        assertThat(f.commands.steps(id)).containsExactlyElementsOf(ALL_STEPS);
      }
      assertThat(f.commands.maxInFlight()).isEqualTo(2);
      // Rendered with validated values, never templates.
      assertThat(f.commands.sends())
          .allSatisfy(s -> assertThat(String.join("\n", s.commands())).doesNotContain("{{"));
      assertThat(f.commands.sends().get(0).commands()).containsExactly("echo install shop 2.0.0");
      verify(f.params)
          .putStrings(
              eq(
                  Map.of(
                      "/shop/staging/current-version",
                      "2.0.0",
                      "/shop/staging/previous-version",
                      "1.0.0")),
              anyMap());
      verify(f.notify)
          .publish(
              eq("arn:aws:sns:us-east-1:123456789012:deploys"),
              eq("ssmflow deploy shop 2.0.0 to staging: SUCCEEDED"),
              anyString());
      @SuppressWarnings("unchecked")
      ArgumentCaptor<List<MetricDatum>> data = ArgumentCaptor.forClass(List.class);
      verify(f.notify)
          .putMetrics(
              eq("ssmflow"), eq(Map.of("App", "shop", "Environment", "staging")), data.capture());
      assertThat(data.getValue())
          .extracting(MetricDatum::name)
          .containsExactly(
              "InstancesSucceeded",
              "InstancesFailed",
              "InstancesRolledBack",
              "DeploymentDurationSeconds");
      assertThat(data.getValue().get(0).value()).isEqualTo(6.0);
    }
  }

  @Test
  void failingCanaryAbortsAndTouchesNothingElse() {
    String canary = ids(5).get(0);
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            id.equals(canary) && step.equals("start") ? Result.fail(1) : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(b, 5)) {
      DeploymentResult r = f.run(request("2", "0", 1, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.message()).startsWith("canary failed");
      assertThat(f.commands.steps(canary)).containsExactly("install", "start", "rollback");
      assertThat(f.commands.startedInstances()).isEqualTo(1);
      assertThat(r.rolledBack()).isEqualTo(1);
      assertThat(r.skipped())
          .filteredOn(s -> s.reason().equals("not started: canary failed"))
          .hasSize(4);
      verify(f.params, never()).putStrings(anyMap(), anyMap());
      verify(f.notify)
          .publish(anyString(), eq("ssmflow deploy shop 2.0.0 to staging: FAILED"), anyString());
    }
  }

  @Test
  void maxErrorsExceededStopsAndRollsBackAll() {
    Set<String> bad = Set.of(ids(10).get(2), ids(10).get(3));
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            bad.contains(id) && step.equals("install") ? Result.fail(1) : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(b, 10)) {
      DeploymentResult r = f.run(request("1", "1", 0, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.failed()).isEqualTo(2);
      // The first two succeeded, then were rolled back by the policy; the failed ones
      // were rolled back at once; the 6 never started are skipped.
      assertThat(r.succeeded()).isZero();
      assertThat(r.rolledBack()).isEqualTo(4);
      assertThat(f.commands.steps(ids(10).get(0)))
          .containsExactly("install", "start", "health", "rollback");
      assertThat(f.commands.startedInstances()).isEqualTo(4);
      assertThat(r.skipped())
          .filteredOn(s -> s.reason().equals("not started: MaxErrors exceeded"))
          .hasSize(6);
      verify(f.params, never()).putStrings(anyMap(), anyMap());
    }
  }

  @Test
  void rollbackFailedAndStopLeaveSucceededInstances() {
    for (FailurePolicy policy : List.of(FailurePolicy.ROLLBACK_FAILED, FailurePolicy.STOP)) {
      Set<String> bad = Set.of(ids(10).get(2), ids(10).get(3));
      FakeCommands.Behavior b =
          (id, step, attempt) ->
              bad.contains(id) && step.equals("install") ? Result.fail(1) : Result.ok(1);
      try (DeploymentFixture f = new DeploymentFixture(b, 10)) {
        DeploymentResult r = f.run(request("1", "1", 0, policy));

        assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
        assertThat(r.succeeded()).as(policy.name()).isEqualTo(2);
        assertThat(r.rolledBack()).as(policy.name()).isEqualTo(2);
        assertThat(f.commands.steps(ids(10).get(0))).containsExactlyElementsOf(ALL_STEPS);
      }
    }
  }

  @Test
  void tenPercentOfFiftyStopsAtTheSixthError() {
    FakeCommands.Behavior b =
        (id, step, attempt) -> step.equals("install") ? Result.fail(1) : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(b, 50)) {
      DeploymentResult r = f.run(request("1", "10%", 0, FailurePolicy.ROLLBACK_FAILED));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.failed()).isEqualTo(6);
      assertThat(f.commands.startedInstances()).isEqualTo(6);
      assertThat(r.skipped())
          .filteredOn(s -> s.reason().equals("not started: MaxErrors exceeded"))
          .hasSize(44);
      assertThat(r.message()).startsWith("6 errors exceeded MaxErrors 10% (5)");
    }
  }

  @Test
  void maxConcurrencyPercentRoundsUpAndBoundsTheWindow() {
    record Case(int instances, String concurrency, int expected) {}
    for (Case c :
        List.of(
            new Case(10, "25%", 3),
            new Case(5, "10%", 1),
            new Case(20, "7", 7),
            new Case(3, "100%", 3))) {
      try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), c.instances())) {
        DeploymentResult r = f.run(request(c.concurrency(), "0", 0, FailurePolicy.ROLLBACK_ALL));

        assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
        assertThat(f.commands.maxInFlight()).as(c.toString()).isEqualTo(c.expected());
      }
    }
  }

  @Test
  void deliveryTimedOutInstanceIsSkippedNotAnError() {
    String lost = ids(4).get(1);
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            id.equals(lost) ? new Result(InvocationStatus.DELIVERY_TIMED_OUT, -1, 2) : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(b, 4)) {
      DeploymentResult r = f.run(request("2", "0", 0, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.failed()).isZero();
      assertThat(r.succeeded()).isEqualTo(3);
      assertThat(r.skipped())
          .anySatisfy(
              s -> {
                assertThat(s.instanceId()).isEqualTo(lost);
                assertThat(s.reason()).contains("DeliveryTimedOut");
              });
      assertThat(f.commands.steps(lost)).containsExactly("install");
    }
  }

  @Test
  void anUndeliveredCanaryStopsTheRun() {
    String canary = ids(4).get(0);
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            id.equals(canary) ? new Result(InvocationStatus.UNDELIVERABLE, -1, 1) : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(b, 4)) {
      DeploymentResult r = f.run(request("2", "0", 1, FailurePolicy.ROLLBACK_ALL));

      // Not delivered is not an error for MaxErrors, but a canary that did not succeed proves
      // nothing about the release: the gate fails and nothing else starts.
      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.message()).startsWith("canary failed: " + canary + " SKIPPED");
      assertThat(f.commands.startedInstances()).isEqualTo(1);
      assertThat(r.skipped())
          .filteredOn(s -> s.reason().equals("not started: canary failed"))
          .hasSize(3);
    }
  }

  @Test
  void anUndeliveredSecondStepIsAFailureAndIsRolledBack() {
    String lost = ids(4).get(2);
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            id.equals(lost) && step.equals("start")
                ? new Result(InvocationStatus.DELIVERY_TIMED_OUT, -1, 1)
                : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(b, 4)) {
      DeploymentResult r = f.run(request("2", "0", 0, FailurePolicy.ROLLBACK_FAILED));

      // Its install ran: half deployed, so it counts (MaxErrors 0 stops the run) and is undone.
      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.failed()).isEqualTo(1);
      assertThat(r.instances())
          .filteredOn(i -> i.instanceId().equals(lost))
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.state()).isEqualTo(InstanceState.ROLLED_BACK);
                assertThat(i.reason()).contains("DeliveryTimedOut");
              });
      assertThat(f.commands.steps(lost)).containsExactly("install", "start", "rollback");
    }
  }

  @Test
  void healthCheckRetriesUntilHealthy() {
    FakeCommands.Behavior b =
        (id, step, attempt) -> step.equals("health") && attempt < 3 ? Result.fail(1) : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(b, 2)) {
      DeploymentResult r = f.run(request("2", "0", 0, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(f.commands.steps(ids(2).get(0)))
          .containsExactly("install", "start", "health", "health", "health");
    }
  }

  @Test
  void healthCheckOutOfAttemptsRollsTheInstanceBack() {
    String sick = ids(3).get(2);
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            id.equals(sick) && step.equals("health") ? Result.fail(1) : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(b, 3)) {
      DeploymentResult r = f.run(request("3", "1", 0, FailurePolicy.ROLLBACK_ALL));

      // One error is within MaxErrors 1: the deployment succeeds, the sick one is restored.
      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.failed()).isEqualTo(1);
      assertThat(f.commands.steps(sick))
          .containsExactly("install", "start", "health", "health", "health", "rollback");
      assertThat(r.instances())
          .filteredOn(p -> p.instanceId().equals(sick))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.state()).isEqualTo(InstanceState.ROLLED_BACK);
                assertThat(p.step()).isEqualTo("health");
                assertThat(p.reason()).contains("health failed (exit 1) after 3 attempts");
              });
    }
  }

  @Test
  void noEligibleInstanceEndsNoTargetsAndChangesNothing() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 0)) {
      when(f.fleet.resolveTargets(any())).thenReturn(new ResolvedTargets(List.of(), List.of()));
      DeploymentResult r = f.run(request("2", "0", 1, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.NO_TARGETS);
      assertThat(f.commands.sends()).isEmpty();
      // The current version may be read (it is read while the targets are listed); no version
      // is written.
      verify(f.params, never()).putStrings(anyMap(), anyMap());
    }
  }

  @Test
  void notificationFailureDoesNotFailTheDeployment() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 2)) {
      when(f.notify.publish(anyString(), anyString(), anyString()))
          .thenThrow(new IllegalStateException("SNS is down"));
      DeploymentResult r = f.run(request("2", "0", 0, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      verify(f.notify).putMetrics(anyString(), anyMap(), any());
    }
  }
}
