package io.ssmflow.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.worker.codec.PayloadEncryption;
import io.ssmflow.workflows.window.MaintenanceWindowRequest;
import io.ssmflow.workflows.window.MaintenanceWindowResult;
import io.ssmflow.workflows.window.MaintenanceWindowWorkflow;
import io.ssmflow.workflows.window.TaskStatus;
import io.ssmflow.workflows.window.WindowOutcome;
import io.ssmflow.workflows.window.WindowTask;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A maintenance window run on the embedded dev stack (test server, simulator with shell-mode
 * instances, an in-process worker), started as its schedule's action would start it: the task built
 * from {@code deploy ...} flags by the schedule's parser deploys for real, and {@code ssmflow
 * status} shows the run.
 */
class WindowEndToEndTest {
  private static final String FLEET =
      """
      instances:
        - count: 2
          namePrefix: shop-test
          mode: shell
          tags: {Application: shop, Environment: test}
      """;

  @TempDir Path state;

  @Test
  void aWindowRunDeploysThroughItsTaskAndStatusShowsIt() throws Exception {
    try (DevStack stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state, "default", "e2e-window")
                .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded()))) {
      Map<String, String> env = stack.exports();
      List<WindowTask> tasks =
          ScheduledOperations.parse(
              List.of(
                  "deploy",
                  "--app",
                  "shop",
                  "--version",
                  "3.0.0",
                  "--env",
                  "test",
                  "--max-concurrency",
                  "1"));
      MaintenanceWindowRequest request =
          new MaintenanceWindowRequest(
              "e2e",
              0,
              Duration.ofHours(1),
              Duration.ofMinutes(10),
              "rate(1 minute)",
              "UTC",
              tasks);
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(stack.temporal().address())
                  .build(),
              Duration.ofSeconds(5));
      try {
        // The dev stack encrypts payloads: read them with its key, as the CLI does.
        WorkflowClient client =
            WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                    .setNamespace(stack.workerConfig().namespace())
                    .setDataConverter(
                        PayloadEncryption.dataConverter(stack.workerConfig().codecKeyFile()))
                    .build());
        MaintenanceWindowWorkflow window =
            client.newWorkflowStub(
                MaintenanceWindowWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("window-e2e")
                    .setTaskQueue("e2e-window")
                    .build());
        MaintenanceWindowResult result = window.run(request);

        assertThat(result.outcome()).as(result.message()).isEqualTo(WindowOutcome.SUCCEEDED);
        assertThat(result.tasks()).hasSize(1);
        assertThat(result.tasks().get(0).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(result.tasks().get(0).workflowId()).isEqualTo("window-e2e/1-deploy");
        assertThat(result.tasks().get(0).message()).startsWith("SUCCEEDED: 2 of 2 instances");
      } finally {
        stubs.shutdownNow();
      }

      Cli status = Cli.run(env, "status", "window-e2e");
      assertThat(status.exit()).as(status.err()).isZero();
      assertThat(status.out())
          .startsWith("window-e2e: SUCCEEDED: 1 of 1 tasks succeeded")
          .contains("1-deploy")
          .contains("window-e2e/1-deploy");
      Cli deployment = Cli.run(env, "status", "window-e2e/1-deploy");
      assertThat(deployment.exit()).as(deployment.err()).isZero();
      assertThat(deployment.out()).contains("SUCCEEDED");
    }
  }
}
