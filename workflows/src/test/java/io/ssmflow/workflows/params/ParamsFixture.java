package io.ssmflow.workflows.params;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.deploy.Approval;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentProgress;
import io.ssmflow.workflows.deploy.DeploymentRequest;
import io.ssmflow.workflows.deploy.DeploymentResult;
import io.ssmflow.workflows.deploy.DeploymentWorkflow;
import io.ssmflow.workflows.deploy.InstanceProgress;
import io.ssmflow.workflows.parameterstore.ParameterActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A time-skipping environment with the params workflows, mocked activities, and a fake deployment
 * workflow standing in for the restart child.
 */
final class ParamsFixture implements AutoCloseable {
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  final ParameterActivities params =
      mock(ParameterActivities.class, withSettings().withoutAnnotations());
  final ParameterAuditActivities audit =
      mock(ParameterAuditActivities.class, withSettings().withoutAnnotations());
  final WorkflowClient client = env.getWorkflowClient();

  /** What the fake restart deployments received, and what they answer. */
  static final List<DeploymentRequest> RESTARTS = new CopyOnWriteArrayList<>();

  static volatile DeploymentOutcome restartOutcome = DeploymentOutcome.SUCCEEDED;

  ParamsFixture() {
    RESTARTS.clear();
    restartOutcome = DeploymentOutcome.SUCCEEDED;
    Worker worker =
        env.newWorker(
            TaskQueues.DEFAULT,
            WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(10_000).build());
    worker.registerWorkflowImplementationTypes(
        ConfigDeploymentWorkflowImpl.class,
        ConfigRollbackWorkflowImpl.class,
        ParameterAuditWorkflowImpl.class,
        FakeRestart.class);
    worker.registerActivitiesImplementations(config, params, audit);
    env.start();
  }

  <T> T stub(Class<T> type, String id) {
    return client.newWorkflowStub(
        type,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.DEFAULT).build());
  }

  @Override
  public void close() {
    env.close();
  }

  /** Records the request and answers {@link #restartOutcome}. */
  public static class FakeRestart implements DeploymentWorkflow {
    @Override
    public DeploymentResult deploy(DeploymentRequest request) {
      RESTARTS.add(request);
      return new DeploymentResult(
          restartOutcome,
          "3 of 3 instances on " + request.version(),
          request.version(),
          request.version(),
          3,
          3,
          0,
          0,
          0,
          List.of(),
          List.of(),
          null,
          2);
    }

    @Override
    public DeploymentResult result() {
      return null;
    }

    @Override
    public DeploymentProgress progress() {
      return null;
    }

    @Override
    public List<InstanceProgress> instances(int offset, int limit) {
      return List.of();
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public String approve(Approval approval) {
      return "";
    }

    @Override
    public void validateApprove(Approval approval) {}

    @Override
    public String reject(Approval approval) {
      return "";
    }

    @Override
    public void validateReject(Approval approval) {}
  }
}
