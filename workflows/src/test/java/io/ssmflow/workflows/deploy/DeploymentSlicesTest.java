package io.ssmflow.workflows.deploy;

import static io.ssmflow.workflows.deploy.DeploymentFixture.ids;
import static io.ssmflow.workflows.deploy.DeploymentFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.deploy.FakeCommands.Result;
import io.ssmflow.workflows.fleetrun.SliceReport;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MaxErrors across several slices: the deployment's one launch window stops them all. */
class DeploymentSlicesTest {
  private static final String ID = "deploy-shop-staging-2.0.0";

  @Test
  void errorsInOneSliceStopEverySlice() {
    List<String> fleet = ids(1_100);
    // Only the first slice's instances fail: launching stops everywhere all the same.
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            fleet.indexOf(id) < 367 && fleet.indexOf(id) % 4 == 1 && step.equals("install")
                ? Result.fail(1)
                : Result.ok(1 + Math.floorMod(id.hashCode(), 3));
    try (DeploymentFixture f = new DeploymentFixture(b, 1_100)) {
      DeploymentResult r = f.run(request("6", "5", 0, FailurePolicy.ROLLBACK_FAILED));

      assertThat(r.outcome()).isEqualTo(DeploymentOutcome.FAILED);
      assertThat(r.message()).contains("exceeded MaxErrors 5 (5)");
      assertThat(r.failed()).isBetween(6, 6 + 5);
      assertThat(f.commands.startedInstances()).isLessThan(60);
      assertThat(f.commands.maxInFlight()).isLessThanOrEqualTo(6);
      assertThat(r.skipped())
          .filteredOn(s -> s.reason().equals("not started: MaxErrors exceeded"))
          .hasSize(1_100 - f.commands.startedInstances());
      for (int slice = 2; slice <= 3; slice++) {
        // The later slices never launched anything.
        String child = ID + "/rollout-" + slice;
        assertThatThrownBy(() -> f.client.fetchHistory(child)).hasMessageContaining("NOT_FOUND");
      }
      SliceReport first =
          f.client.newUntypedWorkflowStub(ID + "/rollout-1").getResult(SliceReport.class);
      assertThat(first.errors()).isEqualTo(r.failed());
    }
  }

  @Test
  void slicesCarryTheSearchAttributesTheStarterSet() {
    try (DeploymentFixture f = new DeploymentFixture(FakeCommands.allSucceed(), 3)) {
      for (var key :
          List.of(
              SsmflowAttributes.OPERATION, SsmflowAttributes.APP, SsmflowAttributes.ENVIRONMENT)) {
        f.env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      DeploymentWorkflow wf =
          f.client.newWorkflowStub(
              DeploymentWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(ID)
                  .setTaskQueue(TaskQueues.DEFAULT)
                  .setTypedSearchAttributes(
                      SearchAttributes.newBuilder()
                          .set(SsmflowAttributes.OPERATION, "deploy")
                          .set(SsmflowAttributes.APP, "shop")
                          .set(SsmflowAttributes.ENVIRONMENT, "staging")
                          .build())
                  .build());
      assertThat(wf.deploy(request("3", "0", 0, FailurePolicy.ROLLBACK_ALL)).outcome())
          .isEqualTo(DeploymentOutcome.SUCCEEDED);

      var started =
          f.client
              .fetchHistory(ID + "/rollout-1")
              .getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes();
      assertThat(started.getSearchAttributes().getIndexedFieldsMap())
          .containsKeys("SsmflowOperation", "SsmflowApp", "SsmflowEnvironment");
    }
  }
}
