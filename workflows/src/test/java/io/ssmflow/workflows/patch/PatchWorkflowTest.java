package io.ssmflow.workflows.patch;

import static io.ssmflow.workflows.patch.PatchFixture.ids;
import static io.ssmflow.workflows.patch.PatchFixture.install;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.patch.FakePatchCommands.Result;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Patch runs under time skipping with fake SSM and EC2 activities. */
class PatchWorkflowTest {
  private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private static Map<String, PatchInstanceState> states(PatchResult r) {
    return r.instances().stream()
        .collect(Collectors.toMap(InstancePatchResult::instanceId, InstancePatchResult::state));
  }

  private static InstancePatchResult instance(PatchResult r, String id) {
    return r.instances().stream().filter(i -> i.instanceId().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void scanReportsCompliancePerInstanceAndChangesNothing() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 4)) {
      PatchResult r = f.run(PatchFixture.scan("2", "0"));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.SUCCEEDED);
      assertThat(r.operation()).isEqualTo(PatchOperation.SCAN);
      assertThat(r.scanned()).isEqualTo(4);
      assertThat(r.message()).isEqualTo("4 instances scanned, 8 missing patches in all");
      assertThat(r.instances())
          .hasSize(4)
          .allSatisfy(
              i -> {
                assertThat(i.state()).isEqualTo(PatchInstanceState.SCANNED);
                assertThat(i.compliance().missingCount()).isEqualTo(2);
                assertThat(i.compliance().missing().get(0).severity()).isEqualTo("Critical");
                assertThat(i.snapshotIds()).isEmpty();
              });
      assertThat(r.skipped())
          .extracting(s -> s.reason())
          .containsExactly("SSM agent ConnectionLost");
      assertThat(f.commands.patchSends())
          .allSatisfy(
              p -> {
                assertThat(p.operation()).isEqualTo("Scan");
                assertThat(p.snapshotId()).isNull();
              });
      assertThat(f.commands.maxPatchingInFlight()).isZero();
      assertThat(f.ec2.snapshotted()).isEmpty();
      assertThat(r.snapshotCleanupWorkflowId()).isNull();
      assertThat(f.commands.shellSends()).isEmpty();
    }
  }

  @Test
  void installHealthChecksSnapshotsPatchesWithOneBaselineAndSchedulesTheRetention() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 5)) {
      PatchRequest request = install("staging", "2", "0", null);
      long start = f.env.currentTimeMillis();
      PatchResult r = f.run(request);

      assertThat(r.outcome()).isEqualTo(PatchOutcome.SUCCEEDED);
      assertThat(r.patched()).isEqualTo(5);
      assertThat(r.baselineSnapshotId()).matches(GUID);
      for (String id : ids(5)) {
        assertThat(f.commands.steps(id)).containsExactly("health-check", "install", "validate");
        assertThat(instance(r, id).snapshotIds())
            .containsExactly(FakePatchActivities.rootSnapshot(id), "snap-data-" + id.substring(2));
      }
      assertThat(f.ec2.snapshotted()).containsExactlyInAnyOrderElementsOf(ids(5));
      List<PatchBaselineRequest> sends = f.commands.patchSends();
      assertThat(sends)
          .allSatisfy(
              p -> {
                assertThat(p.operation()).isEqualTo("Install");
                assertThat(p.rebootOption()).isEqualTo("RebootIfNeeded");
                assertThat(p.snapshotId()).isEqualTo(r.baselineSnapshotId());
              });
      assertThat(f.commands.maxPatchingInFlight()).isLessThanOrEqualTo(2);
      assertThat(f.commands.shellSends().get(0).commands()).isEqualTo(PatchFixture.HEALTH);
      assertThat(f.ec2.restoreCalls()).isZero();

      String id = PatchFixture.workflowId(request);
      assertThat(r.snapshotCleanupWorkflowId()).isEqualTo(PatchIds.retentionWorkflowId(id));
      assertThat(r.snapshotsDeleteAtMillis() - start)
          .isBetween(Duration.ofDays(7).toMillis(), Duration.ofDays(7).plusMinutes(5).toMillis());
      verify(f.notify)
          .publish(
              eq(PatchFixture.TOPIC),
              argThat(s -> s.endsWith(": SUCCEEDED")),
              argThat(m -> m.contains("Baseline snapshot id: " + r.baselineSnapshotId())));
      verify(f.notify)
          .putMetrics(
              eq("ssmflow"),
              eq(Map.of("Operation", "Install", "Environment", "staging")),
              argThat(
                  (List<MetricDatum> data) ->
                      data.contains(new MetricDatum("InstancesPatched", 5, "Count"))
                          && data.contains(new MetricDatum("RollbackFailures", 0, "Count"))
                          && data.stream().anyMatch(d -> d.name().equals("PatchDurationSeconds"))));
    }
  }

  @Test
  void aFailedInstallIsRestoredFromItsRootSnapshotAndValidatedAgain() {
    String sick = ids(4).get(2);
    try (PatchFixture f =
        new PatchFixture(
            (id, step) -> id.equals(sick) && step.equals("install") ? Result.fail(1) : Result.ok(1),
            4)) {
      PatchResult r = f.run(install("staging", "2", "1", null));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.ROLLED_BACK);
      assertThat(r.patched()).isEqualTo(3);
      assertThat(r.rolledBack()).isEqualTo(1);
      assertThat(f.ec2.restoredFrom())
          .isEqualTo(Map.of(sick, FakePatchActivities.rootSnapshot(sick)));
      assertThat(f.commands.steps(sick)).containsExactly("health-check", "install", "revalidate");
      InstancePatchResult i = instance(r, sick);
      assertThat(i.state()).isEqualTo(PatchInstanceState.ROLLED_BACK);
      assertThat(i.reason())
          .startsWith("install failed (exit 1)")
          .endsWith("restored from " + FakePatchActivities.rootSnapshot(sick) + " and valid");
      verify(f.notify)
          .publish(
              eq(PatchFixture.TOPIC), argThat(s -> s.startsWith("ALERT ROLLED_BACK")), anyString());
    }
  }

  @Test
  void aFailedValidationRollsBackToo() {
    String sick = ids(3).get(0);
    try (PatchFixture f =
        new PatchFixture(
            (id, step) ->
                id.equals(sick) && step.equals("validate") ? Result.fail(1) : Result.ok(1),
            3)) {
      PatchResult r = f.run(install("staging", "3", "1", null));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.ROLLED_BACK);
      assertThat(states(r)).containsEntry(sick, PatchInstanceState.ROLLED_BACK);
      assertThat(f.commands.steps(sick))
          .containsExactly("health-check", "install", "validate", "revalidate");
      assertThat(instance(r, sick).reason()).startsWith("validate failed (exit 1)");
    }
  }

  @Test
  void aFailedRestoreIsRollbackFailedAndLoud() {
    String sick = ids(3).get(1);
    try (PatchFixture f =
        new PatchFixture(
            (id, step) -> id.equals(sick) && step.equals("install") ? Result.fail(1) : Result.ok(1),
            3)) {
      f.ec2.failRestoreOf(sick);
      PatchResult r = f.run(install("staging", "3", "1", null));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.ROLLBACK_FAILED);
      assertThat(r.outcome().isSuccess()).isFalse();
      assertThat(r.rollbackFailed()).isEqualTo(1);
      assertThat(r.patched()).isEqualTo(2);
      assertThat(instance(r, sick).reason())
          .contains(
              "restore from "
                  + FakePatchActivities.rootSnapshot(sick)
                  + " failed: replace-root-volume task");
      assertThat(f.commands.steps(sick)).containsExactly("health-check", "install");
      verify(f.notify)
          .publish(
              eq(PatchFixture.TOPIC),
              argThat(s -> s.startsWith("ALERT ROLLBACK FAILED")),
              argThat(m -> m.contains("ROLLBACK_FAILED " + sick)));
      verify(f.notify)
          .putMetrics(
              anyString(),
              anyMap(),
              argThat(
                  (List<MetricDatum> d) ->
                      d.contains(new MetricDatum("RollbackFailures", 1, "Count"))));

      // The retention never deletes the failed instance's snapshots: its only restore point.
      SnapshotRetentionWorkflow retention =
          f.client.newWorkflowStub(SnapshotRetentionWorkflow.class, r.snapshotCleanupWorkflowId());
      WorkflowStub.fromTyped(retention).getResult(Integer.class);
      assertThat(f.ec2.deletes()).hasSize(1);
      assertThat(f.ec2.deletes().get(0).get(2)).isEqualTo(sick);
    }
  }

  @Test
  void aFailedValidationAfterTheRestoreIsRollbackFailed() {
    String sick = ids(2).get(0);
    try (PatchFixture f =
        new PatchFixture(
            (id, step) ->
                id.equals(sick) && !step.equals("health-check") && !step.equals("install")
                    ? Result.fail(1)
                    : Result.ok(1),
            2)) {
      PatchResult r = f.run(install("staging", "2", "1", null));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.ROLLBACK_FAILED);
      assertThat(instance(r, sick).reason()).contains("but revalidate failed (exit 1)");
    }
  }

  @Test
  void productionAbortsOnAnUnhealthyInstanceBeforeAnythingChanges() {
    String sick = ids(4).get(3);
    try (PatchFixture f =
        new PatchFixture(
            (id, step) ->
                id.equals(sick) && step.equals("health-check") ? Result.fail(1) : Result.ok(1),
            4)) {
      PatchResult r = f.run(install("production", "2", "0", UnhealthyPolicy.ABORT));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.ABORTED);
      assertThat(r.message())
          .startsWith("1 of 4 instances unhealthy (" + sick)
          .endsWith("nothing changed");
      assertThat(f.ec2.snapshotted()).isEmpty();
      assertThat(f.commands.patchSends()).isEmpty();
      assertThat(r.patched()).isZero();
      assertThat(r.baselineSnapshotId()).isNull();
      assertThat(r.snapshotCleanupWorkflowId()).isNull();
      assertThat(r.instances()).allMatch(i -> i.state() == PatchInstanceState.SKIPPED);
      assertThat(instance(r, sick).reason()).startsWith("unhealthy: health-check failed");
      assertThat(instance(r, ids(4).get(0)).reason())
          .isEqualTo("aborted: 1 unhealthy instance in production");
      verify(f.notify)
          .publish(
              eq(PatchFixture.TOPIC), argThat(s -> s.startsWith("ALERT ABORTED")), anyString());
    }
  }

  @Test
  void productionDefaultsToAbortWithoutAPolicy() {
    String sick = ids(2).get(0);
    try (PatchFixture f =
        new PatchFixture(
            (id, step) ->
                id.equals(sick) && step.equals("health-check") ? Result.fail(1) : Result.ok(1),
            2)) {
      assertThat(f.run(install("production", "2", "0", null)).outcome())
          .isEqualTo(PatchOutcome.ABORTED);
    }
  }

  @Test
  void skipPolicyPatchesTheHealthyOnesAndSkipsTheUnhealthyWithTheReason() {
    String sick = ids(4).get(1);
    try (PatchFixture f =
        new PatchFixture(
            (id, step) ->
                id.equals(sick) && step.equals("health-check") ? Result.fail(1) : Result.ok(1),
            4)) {
      PatchResult r = f.run(install("production", "2", "0", UnhealthyPolicy.SKIP));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.SUCCEEDED);
      assertThat(r.patched()).isEqualTo(3);
      assertThat(r.skipped())
          .anySatisfy(
              s -> {
                assertThat(s.instanceId()).isEqualTo(sick);
                assertThat(s.reason()).startsWith("unhealthy: health-check failed (exit 1)");
              });
      assertThat(f.ec2.snapshotted()).doesNotContain(sick).hasSize(3);
      assertThat(f.commands.steps(sick)).containsExactly("health-check");
    }
  }

  @Test
  void anInstanceWhoseSnapshotFailsIsSkippedNotPatched() {
    String sick = ids(3).get(2);
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 3)) {
      f.ec2.failSnapshotOf(sick);
      PatchResult r = f.run(install("staging", "3", "0", null));

      assertThat(r.patched()).isEqualTo(2);
      assertThat(instance(r, sick).state()).isEqualTo(PatchInstanceState.SKIPPED);
      assertThat(instance(r, sick).reason()).startsWith("snapshot failed: snapshot");
      assertThat(f.commands.steps(sick)).containsExactly("health-check");
    }
  }

  @Test
  void maxErrorsStopsNewInstancesAndSkipsTheRest() {
    String first = ids(6).get(0);
    try (PatchFixture f =
        new PatchFixture(
            (id, step) ->
                id.equals(first) && step.equals("install") ? Result.fail(1) : Result.ok(1),
            6)) {
      PatchResult r = f.run(install("staging", "1", "0", null));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.FAILED);
      assertThat(r.message()).startsWith("1 errors exceeded MaxErrors 0 (0)");
      assertThat(r.rolledBack()).isEqualTo(1);
      assertThat(r.patched()).isZero();
      assertThat(r.instances())
          .filteredOn(i -> i.state() == PatchInstanceState.SKIPPED)
          .hasSize(5)
          .allSatisfy(i -> assertThat(i.reason()).isEqualTo("MaxErrors exceeded"));
      assertThat(f.commands.patchSends()).hasSize(1);
    }
  }

  @Test
  void noInstanceStartsAfterTheLaunchCutoff() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 4)) {
      // Each wait takes 1.5 s of (test) time: the first instance starts before the cutoff,
      // and by the time its slot frees the cutoff has passed.
      f.commands.slowAwait(1_500);
      PatchRequest r0 = PatchFixture.withoutHealthCheck(install("staging", "1", "0", null));
      PatchResult r = f.run(PatchFixture.withCutoff(r0, f.env.currentTimeMillis() + 1_000));

      assertThat(r.patched()).isEqualTo(1);
      assertThat(r.instances())
          .filteredOn(i -> i.state() == PatchInstanceState.SKIPPED)
          .hasSize(3)
          .allSatisfy(i -> assertThat(i.reason()).isEqualTo("cutoff"));
      assertThat(r.outcome()).isEqualTo(PatchOutcome.SUCCEEDED);
    }
  }

  @Test
  void cancelDuringInstallFinishesAndRestoresTheInstancesInFlightAndSkipsTheRest() {
    String sick = ids(6).get(0);
    try (PatchFixture f =
        new PatchFixture(
            (id, step) -> id.equals(sick) && step.equals("install") ? Result.fail(1) : Result.ok(1),
            6)) {
      f.commands.holdAfterPatchSends(1);
      PatchRequest request = install("staging", "2", "5", null);
      PatchWorkflow wf = f.stub(request);
      WorkflowClient.start(wf::patch, request);
      waitFor(f.commands::held);

      WorkflowStub.fromTyped(wf).cancel();
      sleep(200);
      f.commands.release();
      assertThatThrownBy(
              () -> {
                try {
                  WorkflowStub.fromTyped(wf)
                      .getResult(60, java.util.concurrent.TimeUnit.SECONDS, PatchResult.class);
                } catch (java.util.concurrent.TimeoutException e) {
                  System.out.println(
                      f.client.fetchHistory(PatchFixture.workflowId(request)).toJson(true));
                  throw e;
                }
              })
          .isInstanceOf(WorkflowFailedException.class)
          .hasCauseInstanceOf(CanceledFailure.class);

      // The compensation ran although the run was cancelled: detached scope.
      assertThat(f.ec2.restoredFrom()).containsEntry(sick, FakePatchActivities.rootSnapshot(sick));
      List<InstancePatchResult> all = wf.instances(0, 100);
      assertThat(all)
          .filteredOn(i -> i.instanceId().equals(sick))
          .extracting(InstancePatchResult::state)
          .containsExactly(PatchInstanceState.ROLLED_BACK);
      assertThat(all).filteredOn(i -> i.state() == PatchInstanceState.PATCHED).hasSize(1);
      assertThat(all)
          .filteredOn(i -> i.state() == PatchInstanceState.SKIPPED)
          .hasSize(4)
          .allSatisfy(i -> assertThat(i.reason()).isEqualTo("cancelled"));
      PatchProgress p = wf.progress();
      assertThat(p.phase()).isEqualTo("done");
      assertThat(p.detail()).startsWith("CANCELLED");
      verify(f.notify)
          .publish(
              eq(PatchFixture.TOPIC), argThat(s -> s.startsWith("ALERT CANCELLED")), anyString());
      // The snapshots of the run are still cleaned up after the retention.
      SnapshotRetentionWorkflow retention =
          f.client.newWorkflowStub(
              SnapshotRetentionWorkflow.class,
              PatchIds.retentionWorkflowId(PatchFixture.workflowId(request)));
      assertThat(WorkflowStub.fromTyped(retention).getResult(Integer.class)).isEqualTo(2);
      assertThat(f.ec2.deletes()).hasSize(1);
    }
  }

  @Test
  void theRetentionTimerDeletesTheRunsSnapshotsAfterSevenDays() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 2)) {
      PatchRequest request = install("staging", "2", "0", null);
      PatchResult r = f.run(request);
      assertThat(f.ec2.deletes()).isEmpty();

      f.env.sleep(Duration.ofDays(6));
      assertThat(f.ec2.deletes()).isEmpty();
      // Waiting for the retention's result skips the remaining simulated day.
      long before = f.env.currentTimeMillis();
      SnapshotRetentionWorkflow retention =
          f.client.newWorkflowStub(SnapshotRetentionWorkflow.class, r.snapshotCleanupWorkflowId());
      assertThat(WorkflowStub.fromTyped(retention).getResult(Integer.class)).isEqualTo(2);
      assertThat(f.env.currentTimeMillis() - before).isGreaterThan(Duration.ofHours(23).toMillis());
      assertThat(f.ec2.deletes()).hasSize(1);
      assertThat(f.ec2.deletes().get(0).get(0)).isEqualTo(PatchFixture.workflowId(request));
      assertThat(f.ec2.deletes().get(0).get(1)).isNotBlank();

      // The same intent can run again at once; it gets its own retention.
      PatchResult again = f.run(request);
      assertThat(again.outcome()).isEqualTo(PatchOutcome.SUCCEEDED);
      assertThat(again.snapshotCleanupWorkflowId()).isEqualTo(r.snapshotCleanupWorkflowId());
    }
  }

  @Test
  void aSecondRunWhileTheFirstRetentionWaitsGetsItsOwnRetention() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 2)) {
      PatchRequest request = install("staging", "2", "0", null);
      PatchResult first = f.run(request);
      PatchResult second = f.run(request);

      assertThat(second.snapshotCleanupWorkflowId())
          .startsWith(first.snapshotCleanupWorkflowId() + "-")
          .isNotEqualTo(first.snapshotCleanupWorkflowId());
      // Both retentions wait, each for its own run. (The test server stops skipping time after a
      // refused child start, so the deletes themselves are covered by the test above.)
      for (String id :
          List.of(first.snapshotCleanupWorkflowId(), second.snapshotCleanupWorkflowId())) {
        assertThat(f.client.newWorkflowStub(SnapshotRetentionWorkflow.class, id).deleteAtMillis())
            .isPositive();
      }
      assertThat(f.ec2.deletes()).isEmpty();
    }
  }

  @Test
  void keepSnapshotsStartsNoRetention() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 2)) {
      PatchResult r = f.run(PatchFixture.keepingSnapshots(install("staging", "2", "0", null)));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.SUCCEEDED);
      assertThat(r.snapshotCleanupWorkflowId()).isNull();
      assertThat(r.snapshotsDeleteAtMillis()).isZero();
      assertThat(f.ec2.deletes()).isEmpty();
    }
  }

  @Test
  void noEligibleInstanceIsNoTargetsAndChangesNothing() {
    try (PatchFixture f = new PatchFixture(FakePatchCommands.allSucceed(), 0)) {
      PatchResult r = f.run(install("staging", "2", "0", null));

      assertThat(r.outcome()).isEqualTo(PatchOutcome.NO_TARGETS);
      assertThat(r.outcome().isSuccess()).isFalse();
      assertThat(r.message())
          .startsWith("no eligible instance matched patch group WebServers")
          .endsWith("nothing changed");
      assertThat(r.skipped()).hasSize(1);
      assertThat(f.commands.shellSends()).isEmpty();
      assertThat(f.commands.patchSends()).isEmpty();
      assertThat(f.ec2.snapshotted()).isEmpty();
      verify(f.notify, never())
          .putMetrics(
              anyString(),
              anyMap(),
              argThat(
                  (List<MetricDatum> d) ->
                      d.stream()
                          .anyMatch(
                              x -> x.value() > 0 && !x.name().equals("PatchDurationSeconds"))));
    }
  }

  static void waitFor(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      sleep(20);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
