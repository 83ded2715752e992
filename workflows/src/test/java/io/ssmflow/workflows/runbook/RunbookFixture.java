package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.TestWorkers;
import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.Map;

/** A time-skipping test environment with every workflow, a fake fleet and fake AWS APIs. */
public final class RunbookFixture implements AutoCloseable {
  public final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  public final FakeFleet fleet;
  public final FakeApis apis;
  public final WorkflowClient client = env.getWorkflowClient();

  public RunbookFixture(int instances) {
    fleet = new FakeFleet(instances);
    apis = new FakeApis(fleet);
    TestWorkers.startAllWorkflows(env, fleet, apis);
  }

  /** A request for a document with no nested runbooks. */
  public static RunbookRequest request(RunbookDocument doc, Map<String, Object> params) {
    return new RunbookRequest(doc, Map.of(), params, null, null, null, "tester", 0, null);
  }

  /** Starts a run; answers its stub. */
  public RunbookWorkflow start(String workflowId, RunbookRequest request) {
    RunbookWorkflow wf =
        client.newWorkflowStub(
            RunbookWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.DEFAULT)
                .build());
    WorkflowClient.start(wf::run, request);
    return client.newWorkflowStub(RunbookWorkflow.class, workflowId);
  }

  /** Runs to the end; answers the result. */
  public AutomationExecution run(String workflowId, RunbookRequest request) {
    start(workflowId, request);
    return WorkflowStub.fromTyped(client.newWorkflowStub(RunbookWorkflow.class, workflowId))
        .getResult(AutomationExecution.class);
  }

  @Override
  public void close() {
    env.close();
  }
}
