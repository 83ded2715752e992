package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.ssmflow.cli.deploy.DeployCommand;
import io.ssmflow.cli.dev.EmbeddedTemporal;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to {@code deploy}: exit code 2, exactly one line on stderr, nothing on stdout, and no
 * workflow started on the (reachable) Temporal server.
 */
class DeployBadInputTest {
  static EmbeddedTemporal temporal;
  static WorkflowServiceStubs stubs;
  static Map<String, String> env;

  @TempDir Path dir;

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
  @ValueSource(strings = {"150%", "0%", "-1", "abc", "0", "101%"})
  void badMaxConcurrency(String value) {
    assertRejected("shop", "1.0.0", "staging", "--max-concurrency", value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "150%", "1,,2", "1,", "", "1,-2", "a"})
  void badWaves(String value) {
    CliRun run = assertRejected("shop", "1.0.0", "staging", "--waves", value);
    assertThat(run.err()).contains("waves");
  }

  @Test
  void aDecreasingWaveListIsNotBadInput() {
    assertThat(
            DeployCommand.parseRequest(
                    List.of(
                        "--app",
                        "shop",
                        "--version",
                        "1.0.0",
                        "--env",
                        "staging",
                        "--waves",
                        "10,1"))
                .waves()
                .text())
        .isEqualTo("10,1");
  }

  @Test
  void canaryAndWavesTogether() {
    CliRun run = assertRejected("shop", "1.0.0", "staging", "--canary", "1", "--waves", "1,2");
    assertThat(run.err()).contains("not both");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--bake=forever",
        "--bake=2d",
        "--approve-after-wave=0",
        "--alarm-missing-data=maybe",
        "--alarm-poll=0s",
        "--alarm-poll=1h"
      })
  void badWaveOrAlarmFlags(String flag) {
    assertRejected("shop", "1.0.0", "staging", "--alarm", "shop-errors", flag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"150%", "-1", "abc", "1.5"})
  void badMaxErrors(String value) {
    assertRejected("shop", "1.0.0", "staging", "--max-errors", value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"shop;rm -rf /", "$(id)", "shop`id`", "a b", "-shop", "shop|cat", "../etc"})
  void shellMetacharactersInApp(String app) {
    CliRun run = assertRejected(app, "1.0.0", "staging");
    assertThat(run.err()).contains("app");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0;reboot", "$(whoami)", "2.0 .0", "1.0.0\necho"})
  void shellMetacharactersInVersion(String version) {
    CliRun run = assertRejected("shop", version, "staging");
    assertThat(run.err()).contains("version");
  }

  @Test
  void specThatDoesNotParse() throws Exception {
    Path spec = dir.resolve("deploy.yaml");
    Files.writeString(spec, "steps: [\n  - name: stop\n  commands: {\n");
    CliRun run = assertRejected("shop", "1.0.0", "staging", "--spec", spec.toString());
    assertThat(run.err()).contains(spec.toString()).contains("not valid YAML");
  }

  @Test
  void specWithoutHealthCheck() throws Exception {
    Path spec = dir.resolve("deploy.yaml");
    Files.writeString(
        spec,
        """
        steps:
          - name: install
            commands: ["echo {{Version}} > /opt/{{App}}/VERSION"]
        rollback:
          commands: ["echo rollback"]
        """);
    CliRun run = assertRejected("shop", "1.0.0", "staging", "--spec", spec.toString());
    assertThat(run.err()).contains(spec.toString()).contains("no healthCheck");
  }

  @Test
  void specWithoutRollback() throws Exception {
    Path spec = dir.resolve("deploy.yaml");
    Files.writeString(
        spec,
        """
        steps:
          - name: install
            commands: ["echo {{Version}}"]
        healthCheck:
          commands: ["true"]
        """);
    CliRun run = assertRejected("shop", "1.0.0", "staging", "--spec", spec.toString());
    assertThat(run.err()).contains("no rollback");
  }

  @Test
  void specWithUnknownPlaceholder() throws Exception {
    Path spec = dir.resolve("deploy.yaml");
    Files.writeString(
        spec,
        """
        steps:
          - name: install
            commands: ["echo {{Secret}}"]
        healthCheck:
          commands: ["true"]
        rollback:
          commands: ["true"]
        """);
    CliRun run = assertRejected("shop", "1.0.0", "staging", "--spec", spec.toString());
    assertThat(run.err()).contains("{{Secret}}");
  }

  @Test
  void missingSpecFile() {
    assertRejected("shop", "1.0.0", "staging", "--spec", dir.resolve("nope.yaml").toString());
  }

  @Test
  void otherBadFlags() {
    assertRejected("shop", "1.0.0", "staging", "--canary", "-1");
    assertRejected("shop", "1.0.0", "staging", "--failure-policy", "retry");
    assertRejected("shop", "1.0.0", "staging", "--approval-timeout", "soon");
    assertRejected("shop", "1.0.0", "staging", "--targets", "Application=shop");
    assertRejected("shop", "1.0.0", "staging", "--instance-ids", "i-1;reboot");
    assertRejected(
        "shop",
        "1.0.0",
        "staging",
        "--targets",
        "tag:A=b",
        "--instance-ids",
        "i-0123456789abcdef0");
    assertRejected("shop", "1.0.0", "staging", "--topic", "my-topic");
    assertRejected("shop", "1.0.0", "staging", "--no-such-flag");
  }

  @Test
  void unreachableTemporalFailsFastWithOneLine() {
    long start = System.nanoTime();
    CliRun run =
        CliRun.run(
            Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1"),
            "deploy",
            "--app",
            "shop",
            "--version",
            "1.0.0",
            "--env",
            "staging");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains("cannot reach Temporal at 127.0.0.1:1");
    assertThat(run.out()).isEmpty();
    assertThat(millis).isLessThan(5_000);
  }

  @Test
  void unreachableTemporalWithVerboseShowsTheStackTrace() {
    CliRun run =
        CliRun.run(Map.of(), "status", "deploy-x", "--address", "127.0.0.1:1", "--verbose");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines().size()).isGreaterThan(1);
    assertThat(run.err()).contains("\tat ");
  }

  @Test
  void workerWithUnreachableTemporalIsOneLine() {
    CliRun run = CliRun.run(Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1"), "worker");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains("cannot reach Temporal at 127.0.0.1:1");
  }

  @Test
  void workerWithBadCompletionPushSettingsIsOneLineBeforeConnecting() {
    String topic = "arn:aws:sns:us-east-1:123456789012:completions";
    String role = "arn:aws:iam::123456789012:role/ssm-sns";
    Map<Map<String, String>, String> cases =
        Map.of(
            Map.of("SSMFLOW_PUSH_TOPIC_ARN", "completions"),
            "SSMFLOW_PUSH_TOPIC_ARN must be an SNS topic ARN",
            Map.of("SSMFLOW_PUSH_TOPIC_ARN", topic),
            "SSMFLOW_PUSH_ROLE_ARN must be the ARN of the IAM role SSM assumes",
            Map.of("SSMFLOW_PUSH_ROLE_ARN", role),
            "SSMFLOW_PUSH_ROLE_ARN is set but SSMFLOW_PUSH_TOPIC_ARN is not",
            Map.of(
                "SSMFLOW_PUSH_TOPIC_ARN", topic,
                "SSMFLOW_PUSH_ROLE_ARN", role,
                "SSMFLOW_PUSH_LISTEN", "127.0.0.1"),
            "SSMFLOW_PUSH_LISTEN must be host:port",
            Map.of(
                "SSMFLOW_PUSH_TOPIC_ARN", topic,
                "SSMFLOW_PUSH_ROLE_ARN", role,
                "SSMFLOW_PUSH_URL", "ftp://worker/sns"),
            "SSMFLOW_PUSH_URL must be an http(s) URL");
    cases.forEach(
        (env, message) -> {
          Map<String, String> all = new java.util.HashMap<>(env);
          all.put("TEMPORAL_ADDRESS", "127.0.0.1:1"); // never reached: the settings fail first
          CliRun run = CliRun.run(all, "worker");
          assertThat(run.exit()).as("%s", env).isEqualTo(2);
          assertThat(run.errLines()).as("%s", env).hasSize(1);
          assertThat(run.err()).as("%s", env).contains(message);
        });
  }

  @Test
  void badTemporalAddressIsOneLine() {
    CliRun run = CliRun.run(Map.of("TEMPORAL_ADDRESS", "no-port"), "status", "x");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly("ssmflow: Temporal address must be host:port, not 'no-port'");
  }

  private CliRun assertRejected(String app, String version, String envName, String... more) {
    List<String> args =
        new ArrayList<>(List.of("deploy", "--app", app, "--version", version, "--env", envName));
    args.addAll(List.of(more));
    CliRun run = CliRun.rejected(env, args);
    if (app.matches("[A-Za-z0-9._+-]+") && version.matches("[A-Za-z0-9._+-]+")) {
      assertNotStarted("deploy-" + app + "-" + envName + "-" + version);
    }
    return run;
  }

  private static void assertNotStarted(String workflowId) {
    try {
      stubs
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace("default")
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build());
      throw new AssertionError(workflowId + " was started");
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }
  }
}
