package io.ssmflow.workflows.deploy;

import static io.ssmflow.workflows.deploy.DeploymentFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.deploy.FakeCommands.Result;
import io.ssmflow.workflows.deploy.rollout.RolloutMode;
import io.ssmflow.workflows.deploy.rollout.RolloutRequest;
import io.ssmflow.workflows.deploy.rollout.RolloutResult;
import io.ssmflow.workflows.deploy.rollout.RolloutWorkflow;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sliding-window engine of one slice, run directly as a workflow. */
class RolloutWorkflowTest {
  private static final String ID = "deploy-shop-staging-2.0.0/rollout-1";

  private static RolloutRequest slice(List<String> ids, int concurrency, int threshold,
      long historyBudget) {
    DeploymentSpec spec = SpecTemplates.render(DeploymentFixture.testSpec(),
        new TemplateValues("shop", "2.0.0", "staging", "1.0.0"));
    List<DeploymentStep> steps = new ArrayList<>(spec.steps());
    steps.add(spec.healthCheck());
    return new RolloutRequest("deploy shop 2.0.0", RolloutMode.DEPLOY, ids, steps,
        spec.rollback(), concurrency, threshold, 0, 0, historyBudget, null);
  }

  private static RolloutWorkflow stub(DeploymentFixture f) {
    return f.client.newWorkflowStub(RolloutWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(ID).setTaskQueue(TaskQueues.DEFAULT).build());
  }

  @Test
  void instancesReadyTogetherShareCommandsOfAtMostFifty() {
    try (DeploymentFixture f = new DeploymentFixture((id, step, a) -> Result.ok(1), 0)) {
      RolloutResult r = stub(f).run(slice(ids(120), 120, 0, 4_000));

      assertThat(r.instances()).allSatisfy(
          p -> assertThat(p.state()).isEqualTo(InstanceState.SUCCEEDED));
      List<SendCommandRequest> sends = f.commands.sends();
      // Sent concurrently, so in any order: per step, groups of 50, 50 and 20.
      for (String step : List.of("install", "start", "health")) {
        assertThat(sends).filteredOn(s -> s.label().equals("deploy shop 2.0.0 " + step))
            .extracting(s -> s.instanceIds().size()).containsExactlyInAnyOrder(50, 50, 20);
      }
      assertThat(sends).extracting(SendCommandRequest::idempotencyKey).doesNotHaveDuplicates()
          .allSatisfy(k -> assertThat(k).startsWith(ID + "/"));
    }
  }

  @Test
  void instancesAdvanceIndividuallyWithoutLockstep() {
    String slow = ids(2).get(1);
    FakeCommands.Behavior b = (id, step, a) ->
        id.equals(slow) && step.equals("install") ? Result.ok(10) : Result.ok(1);
    try (DeploymentFixture f = new DeploymentFixture(b, 0)) {
      stub(f).run(slice(ids(2), 2, 0, 4_000));

      List<SendCommandRequest> sends = f.commands.sends();
      int fastHealth = indexOf(sends, ids(2).get(0), "health");
      int slowStart = indexOf(sends, slow, "start");
      assertThat(fastHealth).isLessThan(slowStart);
    }
  }

  @Test
  void continuesAsNewCarryingInFlightCommandsRetriesAndErrors() {
    List<String> ids = ids(60);
    FakeCommands.Behavior b = (id, step, attempt) -> {
      int n = ids.indexOf(id);
      if (n % 10 == 3 && step.equals("start")) {
        return Result.fail(2);
      }
      if (n % 7 == 0 && step.equals("health") && attempt < 2) {
        return Result.fail(1);
      }
      return Result.ok(1 + n % 3);
    };
    try (DeploymentFixture f = new DeploymentFixture(b, 0)) {
      RolloutResult r = stub(f).run(slice(ids, 5, 100, 150));

      assertThat(r.errors()).isEqualTo(6);
      for (int n = 0; n < ids.size(); n++) {
        InstanceState expected = n % 10 == 3 ? InstanceState.ROLLED_BACK
            : InstanceState.SUCCEEDED;
        assertThat(r.instances().get(n).state()).as(ids.get(n)).isEqualTo(expected);
        List<String> expectedSteps = n % 10 == 3 ? List.of("install", "start", "rollback")
            : n % 7 == 0 ? List.of("install", "start", "health", "health")
            : List.of("install", "start", "health");
        assertThat(f.commands.steps(ids.get(n))).as(ids.get(n))
            .containsExactlyElementsOf(expectedSteps);
      }
      assertThat(f.commands.maxInFlight()).isEqualTo(5);
      // Walk from the last run back to the first through the continued-from run ids.
      int runs = 0;
      WorkflowExecutionHistory h = f.client.fetchHistory(ID);
      while (true) {
        runs++;
        assertThat(h.getEvents().size()).isLessThan(400);
        String previous = h.getEvents().get(0).getWorkflowExecutionStartedEventAttributes()
            .getContinuedExecutionRunId();
        if (previous.isEmpty()) {
          break;
        }
        h = f.client.fetchHistory(ID, previous);
      }
      System.out.println("slice of 60 with a history budget of 150 ran in " + runs + " runs");
      assertThat(runs).isGreaterThan(2);
    }
  }

  @Test
  void stopLaunchingSkipsTheRestAndLetsInFlightFinish() {
    try (DeploymentFixture f = new DeploymentFixture((id, step, a) -> Result.ok(1), 0)) {
      f.commands.holdAfterSends(1);
      RolloutWorkflow wf = stub(f);
      io.temporal.client.WorkflowClient.start(wf::run, slice(ids(10), 3, 0, 4_000));
      long deadline = System.currentTimeMillis() + 20_000;
      while (!f.commands.held() && System.currentTimeMillis() < deadline) {
        Thread.onSpinWait();
      }
      wf.stopLaunching("MaxErrors exceeded");
      f.commands.release();
      RolloutResult r = io.temporal.client.WorkflowStub.fromTyped(wf)
          .getResult(RolloutResult.class);

      assertThat(r.stopReason()).isEqualTo("MaxErrors exceeded");
      assertThat(r.instances()).filteredOn(p -> p.state() == InstanceState.SUCCEEDED)
          .hasSize(3);
      assertThat(r.instances()).filteredOn(p -> p.state() == InstanceState.SKIPPED)
          .hasSize(7).allSatisfy(
              p -> assertThat(p.reason()).isEqualTo("not started: MaxErrors exceeded"));
    }
  }

  private static int indexOf(List<SendCommandRequest> sends, String id, String step) {
    for (int i = 0; i < sends.size(); i++) {
      if (sends.get(i).instanceIds().contains(id) && sends.get(i).label().endsWith(" " + step)) {
        return i;
      }
    }
    throw new AssertionError(id + " never ran " + step);
  }
}
