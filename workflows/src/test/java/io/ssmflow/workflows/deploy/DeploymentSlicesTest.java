package io.ssmflow.workflows.deploy;

import static io.ssmflow.workflows.deploy.DeploymentFixture.ids;
import static io.ssmflow.workflows.deploy.DeploymentFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.deploy.FakeCommands.Result;
import io.ssmflow.workflows.deploy.rollout.RolloutResult;
import io.ssmflow.workflows.deploy.rollout.RolloutWorkflow;
import io.ssmflow.workflows.common.SearchAttributes;
import io.ssmflow.workflows.common.TaskQueues;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MaxErrors across several slices: the parent adds up their errors and stops them all. */
class DeploymentSlicesTest {
  private static final String ID = "deploy-shop-staging-2.0.0";

  @Test
  void errorsInOneSliceStopEverySlice() {
    List<String> fleet = ids(1_100);
    // Only the first slice's instances fail: the others must be stopped by the parent.
    FakeCommands.Behavior b = (id, step, attempt) ->
        fleet.indexOf(id) < 367 && fleet.indexOf(id) % 4 == 1 && step.equals("install")
            ? Result.fail(1) : Result.ok(1 + Math.floorMod(id.hashCode(), 3));
    try (DeploymentFixture f = new DeploymentFixture(b, 1_100)) {
      DeploymentResult r = f.run(request("6", "5", 0, FailurePolicy.ROLLBACK_FAILED));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.message()).contains("exceeded MaxErrors 5 (5)");
      // The slice with the errors stops itself at its 6th; errors elsewhere are impossible.
      assertThat(r.failed()).isEqualTo(6);
      assertThat(f.commands.startedInstances()).isLessThan(200);
      assertThat(f.commands.maxInFlight()).isLessThanOrEqualTo(6);
      for (int slice = 1; slice <= 3; slice++) {
        RolloutResult sr = f.client.newUntypedWorkflowStub(ID + "/rollout-" + slice)
            .getResult(RolloutResult.class);
        assertThat(sr.stopReason()).as("slice " + slice).isEqualTo("MaxErrors exceeded");
      }
      assertThat(r.skipped()).filteredOn(
          s -> s.reason().equals("not started: MaxErrors exceeded"))
          .hasSize(1_100 - f.commands.startedInstances());
      RolloutWorkflow slice2 = f.client.newWorkflowStub(RolloutWorkflow.class, ID + "/rollout-2");
      assertThat(slice2.progress().errors()).isZero();
      // The erring slice reported each error to the parent as it happened.
      assertThat(f.client.fetchHistory(ID).getEvents()).filteredOn(
          e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
              && e.getWorkflowExecutionSignaledEventAttributes().getSignalName()
                  .equals("sliceReport")).hasSizeGreaterThanOrEqualTo(6);
    }
  }

  @Test
  void slicesCarryTheSearchAttributesTheStarterSet() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      for (var key : List.of(SearchAttributes.OPERATION, SearchAttributes.APP,
          SearchAttributes.ENVIRONMENT)) {
        f.env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      DeploymentWorkflow wf = f.client.newWorkflowStub(DeploymentWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(TaskQueues.DEFAULT)
              .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
                  .set(SearchAttributes.OPERATION, "deploy").set(SearchAttributes.APP, "shop")
                  .set(SearchAttributes.ENVIRONMENT, "staging").build())
              .build());
      assertThat(wf.deploy(request("3", "0", 0, FailurePolicy.ROLLBACK_ALL)).outcome())
          .isEqualTo(DeploymentOutcome.SUCCEEDED);

      var started = f.client.fetchHistory(ID + "/rollout-1").getEvents().get(0)
          .getWorkflowExecutionStartedEventAttributes();
      assertThat(started.getSearchAttributes().getIndexedFieldsMap())
          .containsKeys("SsmflowOperation", "SsmflowApp", "SsmflowEnvironment");
    }
  }
}
