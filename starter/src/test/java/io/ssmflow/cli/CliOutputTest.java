package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.dev.EmbeddedTemporal;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the CLI prints and starts, against an embedded Temporal with no worker (workflows stay
 * running): JSON shapes, workflow options, the duplicate-start refusal, list's missing visibility,
 * cancel.
 */
class CliOutputTest {
  static EmbeddedTemporal temporal;
  static WorkflowServiceStubs stubs;
  static Map<String, String> env;

  @BeforeAll
  static void startTemporal() throws Exception {
    temporal = EmbeddedTemporal.start(0, "default");
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
    env = Map.of("TEMPORAL_ADDRESS", temporal.address(), "SSMFLOW_TASK_QUEUE", "no-worker");
  }

  @AfterAll
  static void stopTemporal() {
    stubs.shutdownNow();
    temporal.close();
  }

  @Test
  void deployPrintsTheWorkflowIdAsJsonAndSetsOptions() throws Exception {
    CliRun run =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "shop",
            "--version",
            "1.2.3",
            "--env",
            "qa",
            "--output",
            "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode doc = Json.MAPPER.readTree(run.out());
    assertThat(doc.get("workflowId").asText()).isEqualTo("deploy-shop-qa-1.2.3");
    assertThat(doc.get("runId").asText()).isNotBlank();

    DescribeWorkflowExecutionResponse d = describe("deploy-shop-qa-1.2.3");
    assertThat(d.getExecutionConfig().getTaskQueue().getName()).isEqualTo("no-worker");
    assertThat(d.getWorkflowExecutionInfo().getType().getName()).isEqualTo("DeploymentWorkflow");
    var fields = d.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap();
    assertThat(keyword(fields.get("SsmflowOperation"))).isEqualTo("deploy");
    assertThat(keyword(fields.get("SsmflowApp"))).isEqualTo("shop");
    assertThat(keyword(fields.get("SsmflowEnvironment"))).isEqualTo("qa");
  }

  @Test
  void deployTextPrintsTheIdAndRefusesADuplicateWhileRunning() {
    CliRun first =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "shop",
            "--version",
            "2.0.0",
            "--env",
            "staging",
            "--canary",
            "1",
            "--max-concurrency",
            "25%",
            "--max-errors",
            "1");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("started deploy-shop-staging-2.0.0 (run ");

    CliRun second =
        CliRun.run(env, "deploy", "--app", "shop", "--version", "2.0.0", "--env", "staging");
    assertThat(second.exit()).isEqualTo(2);
    assertThat(second.err()).isEqualTo("ssmflow: deploy-shop-staging-2.0.0 is already running\n");
    assertThat(second.out()).isEmpty();
  }

  @Test
  void statusOfARunningDeploymentAsJson() throws Exception {
    CliRun started =
        CliRun.run(env, "deploy", "--app", "shop", "--version", "3.0.0", "--env", "dev");
    assertThat(started.exit()).as(started.err()).isZero();
    // No worker answers the progress query here: status says so and still succeeds.
    CliRun run = CliRun.run(env, "status", "deploy-shop-dev-3.0.0", "--output", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode doc = Json.MAPPER.readTree(run.out());
    assertThat(doc.get("workflowId").asText()).isEqualTo("deploy-shop-dev-3.0.0");
    assertThat(doc.get("status").asText()).isEqualTo("RUNNING");
    assertThat(doc.has("progress")).isTrue();
  }

  @Test
  void cancelThenStatusReportsTheEnd() throws Exception {
    CliRun started =
        CliRun.run(env, "deploy", "--app", "shop", "--version", "4.0.0", "--env", "dev");
    assertThat(started.exit()).as(started.err()).isZero();
    CliRun cancel = CliRun.run(env, "cancel", "deploy-shop-dev-4.0.0", "--output", "json");
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    assertThat(Json.MAPPER.readTree(cancel.out()).get("cancelRequested").asBoolean()).isTrue();
    CliRun again = CliRun.run(env, "cancel", "deploy-shop-dev-4.0.0");
    // The cancel request stays pending until a worker runs the workflow: still running.
    assertThat(again.exit()).isZero();
  }

  @Test
  void statusOfAnUnknownIdIsBadInput() {
    CliRun run = CliRun.run(env, "status", "deploy-nope-x-1");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly("ssmflow: no workflow deploy-nope-x-1 in namespace default");
  }

  @Test
  void listOnTheTestServerNamesTheFix() {
    CliRun run = CliRun.run(env, "list");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains("which the Java test server does not have");
  }

  @Test
  void noCommandPrintsUsage() {
    CliRun run = CliRun.run(env);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("deploy").contains("status").contains("dev");
  }

  private static String keyword(io.temporal.api.common.v1.Payload p) {
    assertThat(p).isNotNull();
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(p, String.class, String.class);
  }

  private static DescribeWorkflowExecutionResponse describe(String id) {
    return stubs
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .build());
  }
}
