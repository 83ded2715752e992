package io.ssmflow.workflows.deploy;

import static io.ssmflow.workflows.deploy.DeploymentFixture.ids;
import static io.ssmflow.workflows.deploy.DeploymentFixture.request;
import static io.ssmflow.workflows.deploy.DeploymentFixture.withApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Approval gate, pause/resume and cancel, driven from a client while the deployment runs. */
class DeploymentControlTest {
  private static final String ID = "deploy-shop-staging-2.0.0";

  @Test
  void approvalApprovedRollsOutTheRest() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 4)) {
      DeploymentWorkflow wf = f.stub();
      WorkflowClient.start(
          wf::deploy,
          withApproval(request("2", "0", 1, FailurePolicy.ROLLBACK_ALL), Duration.ofMinutes(30)));
      waitFor(() -> wf.progress().phase().equals("awaiting-approval"));
      assertThat(f.commands.startedInstances()).isEqualTo(1);

      assertThat(wf.approve(new Approval("alice", "canary looks good")))
          .isEqualTo("approved by alice");
      DeploymentResult r = WorkflowStub.fromTyped(wf).getResult(DeploymentResult.class);

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.succeeded()).isEqualTo(4);
      assertThat(r.approval()).isEqualTo(new Approval("alice", "canary looks good"));
    }
  }

  @Test
  void approvalRejectedRollsBackTheCanary() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 4)) {
      DeploymentWorkflow wf = f.stub();
      WorkflowClient.start(
          wf::deploy,
          withApproval(request("2", "0", 1, FailurePolicy.ROLLBACK_ALL), Duration.ofMinutes(30)));
      waitFor(() -> wf.progress().phase().equals("awaiting-approval"));

      wf.reject(new Approval("bob", "error rate up"));
      DeploymentResult r = WorkflowStub.fromTyped(wf).getResult(DeploymentResult.class);

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.REJECTED);
      assertThat(r.message()).isEqualTo("rejected by bob: error rate up");
      assertThat(r.approval().approver()).isEqualTo("bob");
      assertThat(f.commands.steps(ids(4).get(0)))
          .containsExactly("install", "start", "health", "rollback");
      assertThat(f.commands.startedInstances()).isEqualTo(1);
      assertThat(r.rolledBack()).isEqualTo(1);
      assertThat(r.currentVersion()).isEqualTo("1.0.0");
    }
  }

  @Test
  void approvalTimeoutRejects() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      DeploymentResult r =
          f.run(withApproval(request("2", "0", 1, FailurePolicy.STOP), Duration.ofHours(2)));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.REJECTED);
      assertThat(r.message()).startsWith("approval timed out after PT2H");
      assertThat(r.approval().approver()).isEqualTo("ssmflow");
      // STOP leaves the canary on the new version.
      assertThat(r.succeeded()).isEqualTo(1);
      assertThat(f.commands.startedInstances()).isEqualTo(1);
    }
  }

  @Test
  void validatorsRefuseWhenNoApprovalIsAwaited() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 4)) {
      f.commands.holdAfterSends(1);
      DeploymentWorkflow wf = f.stub();
      WorkflowClient.start(wf::deploy, request("2", "0", 0, FailurePolicy.ROLLBACK_ALL));
      waitFor(f.commands::held);

      assertThatThrownBy(() -> wf.approve(new Approval("alice", "")))
          .isInstanceOf(WorkflowUpdateException.class)
          .rootCause()
          .hasMessageContaining("no approval is awaited");
      assertThatThrownBy(() -> wf.reject(new Approval("alice", "")))
          .isInstanceOf(WorkflowUpdateException.class);

      f.commands.release();
      DeploymentResult r = WorkflowStub.fromTyped(wf).getResult(DeploymentResult.class);
      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.approval()).isNull();
    }
  }

  @Test
  void pauseStopsLaunchingAndResumeFinishes() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 6)) {
      f.commands.holdAfterSends(1);
      DeploymentWorkflow wf = f.stub();
      WorkflowClient.start(wf::deploy, request("2", "0", 0, FailurePolicy.ROLLBACK_ALL));
      waitFor(f.commands::held);
      wf.pause();
      waitFor(() -> wf.progress().paused());
      f.commands.release();

      // Pause lives in the deployment's launch window: the two in flight finish, no third
      // instance starts.
      waitFor(
          () -> {
            DeploymentProgress p = wf.progress();
            return p.succeeded() == 2 && p.pending() == 4 && p.inFlight() == 0;
          });
      sleep(300);
      assertThat(f.commands.startedInstances()).isEqualTo(2);
      DeploymentProgress p = wf.progress();
      assertThat(p.paused()).isTrue();
      assertThat(p.phase()).isEqualTo("rolling-out");
      assertThat(p.instances()).hasSize(6);

      wf.resume();
      DeploymentResult r = WorkflowStub.fromTyped(wf).getResult(DeploymentResult.class);
      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.SUCCEEDED);
      assertThat(r.succeeded()).isEqualTo(6);
    }
  }

  @Test
  void cancelMidRolloutFinishesInFlightAndRollsBackInADetachedScope() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 10)) {
      f.commands.holdAfterSends(4);
      DeploymentWorkflow wf = f.stub();
      WorkflowClient.start(wf::deploy, request("2", "0", 0, FailurePolicy.ROLLBACK_ALL));
      waitFor(f.commands::held);

      WorkflowStub.fromTyped(wf).cancel();
      sleep(200);
      // Counted once the cancel was taken: an await answered just before the hold may still have
      // launched an instance then (the flake this test had); none may start after the cancel.
      int started = f.commands.startedInstances();
      f.commands.release();
      // Temporal's Java SDK closes a workflow whose cancel was requested as Canceled, whatever
      // it returns; the cleanup still ran, and the instances stay queryable.
      assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(DeploymentResult.class))
          .isInstanceOf(WorkflowFailedException.class)
          .hasCauseInstanceOf(CanceledFailure.class);

      assertThat(started).isBetween(2, 4);
      assertThat(f.commands.startedInstances()).isEqualTo(started);
      for (String id : f.commands.allSteps().keySet()) {
        assertThat(f.commands.steps(id)).as(id).endsWith("health", "rollback");
      }
      DeploymentProgress p = wf.progress();
      assertThat(p.phase()).isEqualTo("done");
      assertThat(p.rolledBack()).isEqualTo(started);
      assertThat(wf.instances(0, 100))
          .filteredOn(i -> i.state() == InstanceState.SKIPPED)
          .allSatisfy(i -> assertThat(i.reason()).isEqualTo("not started: cancelled"))
          .hasSize(10 - started);
      verify(f.notify)
          .publish(anyString(), eq("ssmflow deploy shop 2.0.0 to staging: CANCELLED"), anyString());
      // Temporal keeps no result of a cancelled run; the workflow still answers the one it made.
      DeploymentResult kept = wf.result();
      assertThat(kept.outcome()).isEqualTo(DeploymentOutcome.CANCELLED);
      assertThat(kept.instances()).hasSize(10);
      assertThat(kept.rolledBack()).isEqualTo(started);
      verify(f.params, never()).putStrings(anyMap(), anyMap());
    }
  }

  @Test
  void progressAnswersSummaryAndPages() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 5)) {
      DeploymentWorkflow wf = f.stub();
      f.run(request("5", "0", 0, FailurePolicy.ROLLBACK_ALL));
      DeploymentWorkflow done = f.client.newWorkflowStub(DeploymentWorkflow.class, ID);

      DeploymentProgress p = done.progress();
      assertThat(p.phase()).isEqualTo("done");
      assertThat(p.total()).isEqualTo(5);
      assertThat(p.succeeded()).isEqualTo(5);
      assertThat(p.pending()).isZero();
      assertThat(p.instances()).hasSize(5);
      assertThat(done.instances(3, 10))
          .extracting(InstanceProgress::instanceId)
          .containsExactly(ids(5).get(3), ids(5).get(4));
      assertThat(wf).isNotNull();
    }
  }

  @Test
  void aSecondDeploymentOfTheSameAppAndEnvironmentIsRefused() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 4)) {
      f.commands.hold();
      DeploymentWorkflow first = f.stub();
      WorkflowClient.start(first::deploy, request("1", "0", 0, FailurePolicy.ROLLBACK_ALL));
      waitFor(() -> first.progress() != null && first.progress().phase().equals("rolling-out"));

      DeploymentWorkflow second =
          f.client.newWorkflowStub(
              DeploymentWorkflow.class,
              io.temporal.client.WorkflowOptions.newBuilder()
                  .setWorkflowId(DeploymentIds.workflowId("shop", "staging", "3.0.0"))
                  .setTaskQueue(io.ssmflow.workflows.common.TaskQueues.DEFAULT)
                  .build());
      DeploymentResult r = second.deploy(request("1", "0", 0, FailurePolicy.ROLLBACK_ALL));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.REFUSED);
      assertThat(r.message()).contains("another deployment of shop to staging is running");
      // The refused one read no version: it reads only once it holds the lock.
      verify(f.params, times(1)).getString(anyString());
      f.commands.release();
      assertThat(WorkflowStub.fromTyped(first).getResult(DeploymentResult.class).outcome())
          .isEqualTo(DeploymentOutcome.SUCCEEDED);
      // Once the first closed, its lock is gone: the next deployment runs.
      DeploymentWorkflow third =
          f.client.newWorkflowStub(
              DeploymentWorkflow.class,
              io.temporal.client.WorkflowOptions.newBuilder()
                  .setWorkflowId(DeploymentIds.workflowId("shop", "staging", "3.0.1"))
                  .setTaskQueue(io.ssmflow.workflows.common.TaskQueues.DEFAULT)
                  .build());
      assertThat(third.deploy(request("1", "0", 0, FailurePolicy.ROLLBACK_ALL)).outcome())
          .isEqualTo(DeploymentOutcome.SUCCEEDED);
    }
  }

  private static void waitFor(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      sleep(20);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
