package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.ssmflow.cli.dev.EmbeddedTemporal;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to {@code patch}: exit code 2, exactly one line on stderr, nothing on stdout, and no
 * workflow started on the (reachable) Temporal server. Also the inputs at the edge of the rules
 * that ARE accepted (production with {@code --health-command default}, a production Scan).
 */
class PatchBadInputTest {
  static final String GROUP_ID = "patch-install-webservers-staging";
  static EmbeddedTemporal temporal;
  static WorkflowServiceStubs stubs;
  static Map<String, String> env;

  @BeforeAll
  static void startTemporal() throws Exception {
    temporal = EmbeddedTemporal.start(0, "default");
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
    env = Map.of("TEMPORAL_ADDRESS", temporal.address());
  }

  @AfterAll
  static void stopTemporal() {
    stubs.shutdownNow();
    temporal.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Upgrade", "install;reboot", "", "ScanAndInstall"})
  void unknownOperation(String operation) {
    CliRun run =
        assertRejected(
            GROUP_ID, "--patch-group", "WebServers", "--env", "staging", "--operation", operation);
    assertThat(run.err()).contains("operation must be Install or Scan");
  }

  @org.junit.jupiter.api.Test
  void alarmsGateAnInstallNotAScan() {
    CliRun run =
        assertRejected(
            "patch-scan-webservers-staging",
            "--patch-group",
            "WebServers",
            "--env",
            "staging",
            "--operation",
            "Scan",
            "--alarm",
            "web-errors-high");
    assertThat(run.err()).contains("alarms gate an Install");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--waves=0", "--waves=150%", "--waves=1,,2", "--bake=2d"})
  void badWavesOrBake(String flag) {
    assertRejected(GROUP_ID, "--patch-group", "WebServers", "--env", "staging", flag);
  }

  @org.junit.jupiter.api.Test
  void wavesApplyToAnInstallNotAScan() {
    CliRun run =
        assertRejected(
            "patch-scan-webservers-staging",
            "--patch-group",
            "WebServers",
            "--env",
            "staging",
            "--operation",
            "Scan",
            "--waves",
            "1,100%");
    assertThat(run.err()).contains("waves and bake apply to an Install");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--alarm-missing-data=maybe", "--alarm-poll=0s", "--alarm-poll=1h"})
  void badAlarmFlags(String flag) {
    assertRejected(
        GROUP_ID,
        "--patch-group",
        "WebServers",
        "--env",
        "staging",
        "--alarm",
        "web-errors-high",
        flag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Always", "reboot", "NoReboot;id", ""})
  void unknownRebootOption(String option) {
    CliRun run =
        assertRejected(
            GROUP_ID, "--patch-group", "WebServers", "--env", "staging", "--reboot-option", option);
    assertThat(run.err()).contains("reboot-option must be RebootIfNeeded or NoReboot");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-3d", "abc", "0", "0d", "-PT1H", "7 days", "3651d", "1w"})
  void badSnapshotRetention(String retention) {
    CliRun run =
        assertRejected(
            GROUP_ID,
            "--patch-group",
            "WebServers",
            "--env",
            "staging",
            "--snapshot-retention",
            retention);
    assertThat(run.err()).contains("snapshot-retention");
  }

  @Test
  void productionInstallWithoutAHealthCommand() {
    CliRun run =
        assertRejected(
            "patch-install-webservers-production",
            "--patch-group",
            "WebServers",
            "--env",
            "production");
    assertThat(run.err()).contains("--env production needs an explicit --health-command");
    assertRejected(
        "patch-install-webservers-production",
        "--patch-group",
        "WebServers",
        "--env",
        "Production",
        "--validation-command",
        "true");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tag:PatchGroup", "PatchGroup=WebServers", "tag:=x", "tag:A=b,,"})
  void badTagTargets(String targets) {
    assertRejected(null, "--targets", targets, "--env", "staging");
  }

  @Test
  void badTargets() {
    CliRun none = assertRejected(null, "--env", "staging");
    assertThat(none.err()).contains("exactly one of --patch-group, --targets or --instance-ids");
    assertRejected(null, "--patch-group", "WebServers", "--targets", "tag:A=b");
    assertRejected(null, "--instance-ids", "i-0123456789abcdef0", "--targets", "tag:A=b");
    assertRejected(null, "--instance-ids", "i-1;reboot");
    assertRejected(null, "--instance-ids", "");
    assertRejected(null, "--patch-group", "");
    assertRejected(null, "--patch-group", "   ");
    assertRejected(null, "--patch-group", "web;reboot");
    assertRejected(null, "--patch-group", "a,b");
  }

  @Test
  void otherBadFlags() {
    String[] group = {"--patch-group", "WebServers", "--env", "staging"};
    assertRejected(GROUP_ID, concat(group, "--max-concurrency", "0"));
    assertRejected(GROUP_ID, concat(group, "--max-concurrency", "150%"));
    assertRejected(GROUP_ID, concat(group, "--max-errors", "abc"));
    assertRejected(GROUP_ID, concat(group, "--allow-unhealthy", "abort"));
    assertRejected(GROUP_ID, concat(group, "--topic", "my-topic"));
    assertRejected(GROUP_ID, concat(group, "--health-command", " "));
    assertRejected(GROUP_ID, concat(group, "--validation-command", ""));
    assertRejected(GROUP_ID, concat(group, "--metrics-namespace", "a b"));
    assertRejected(GROUP_ID, concat(group, "--no-such-flag"));
    assertRejected(null, "--patch-group", "WebServers", "--env", "prod;reboot");
    assertRejected(null, "--patch-group", "WebServers", "--env", "$(id)");
  }

  @Test
  void productionWithTheDefaultHealthCommandStarts() {
    String id = "patch-install-dbservers-production";
    CliRun run =
        CliRun.run(
            env,
            "patch",
            "--patch-group",
            "DbServers",
            "--env",
            "production",
            "--health-command",
            "default");
    try {
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).startsWith("started " + id + " (run ");
      assertThat(run.err()).isEmpty();
      CliRun again =
          CliRun.run(
              env,
              "patch",
              "--patch-group",
              "DbServers",
              "--env",
              "production",
              "--health-command",
              "default");
      assertThat(again.exit()).isEqualTo(2);
      assertThat(again.errLines()).containsExactly("ssmflow: " + id + " is already running");
    } finally {
      terminate(id);
    }
  }

  @Test
  void productionScanNeedsNoHealthCommand() throws Exception {
    String id = "patch-scan-dbservers-production";
    CliRun run =
        CliRun.run(
            env,
            "patch",
            "--patch-group",
            "DbServers",
            "--env",
            "production",
            "--operation",
            "scan",
            "--output",
            "json");
    try {
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(Json.MAPPER.readTree(run.out()).get("workflowId").asText()).isEqualTo(id);
      assertThat(status(id)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    } finally {
      terminate(id);
    }
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(new String[0]);
  }

  /** Runs {@code patch ARGS}; {@code workflowId}, when known, must not have been started. */
  private static CliRun assertRejected(String workflowId, String... more) {
    List<String> args = new ArrayList<>(List.of("patch"));
    args.addAll(List.of(more));
    CliRun run = CliRun.rejected(env, args);
    if (workflowId != null) {
      assertThat(status(workflowId)).as("%s started by %s", workflowId, args).isNull();
    }
    return run;
  }

  private static WorkflowExecutionStatus status(String workflowId) {
    try {
      return stubs
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace("default")
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build())
          .getWorkflowExecutionInfo()
          .getStatus();
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      return null;
    }
  }

  private static void terminate(String workflowId) {
    if (status(workflowId) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      stubs
          .blockingStub()
          .terminateWorkflowExecution(
              TerminateWorkflowExecutionRequest.newBuilder()
                  .setNamespace("default")
                  .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .setReason("test cleanup")
                  .build());
    }
  }
}
