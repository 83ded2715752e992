package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.simulator.TestSandbox;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * A patch Install in waves gated by a real CloudWatch alarm of the simulator (evaluated from metric
 * data put through the AWS SDK over HTTP): the alarm fires during the bake after wave 1, wave 2
 * never starts, and wave 1's patched instance is restored from its pre-patch snapshot, checked on
 * its disk.
 */
class PatchAlarmsEndToEndTest {
  static final String GROUP = "AlarmServers";
  static final String ALARM = "patch-errors-high";
  static final String INSTALLED_LIST = "/var/lib/ssmflow-sim/installed-patches";
  static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: alarm-patch
          mode: shell
          tags: {Application: app, Environment: test, PatchGroup: AlarmServers}
          files: {/opt/app/VERSION: "1.0.0\\n"}
          pendingPatches:
            - {id: openssl-3.0.13, classification: Security, severity: Critical}
      """;

  @TempDir static Path state;
  static DevStack stack;
  static Map<String, String> env;
  static AwsClients aws;

  @BeforeAll
  static void start() throws Exception {
    stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state, "default", "patch-alarm-e2e")
                .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded()));
    env = stack.exports();
    SimHttp.admin(
        stack,
        "POST",
        "/_sim/ec2/knobs",
        "{\"snapshotDuration\": \"200ms\","
            + " \"replaceRootDuration\": \"200ms\", \"stateChangeDuration\": \"100ms\"}");
    aws = AwsClients.fromEnvironment(env);
    aws.cloudWatch()
        .putMetricAlarm(
            r ->
                r.alarmName(ALARM)
                    .namespace("AppPatch")
                    .metricName("Errors")
                    .dimensions(Dimension.builder().name("App").value("app").build())
                    .statistic(Statistic.MAXIMUM)
                    .period(10)
                    .evaluationPeriods(1)
                    .threshold(5.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .treatMissingData("notBreaching"));
  }

  @AfterAll
  static void stop() {
    if (aws != null) {
      aws.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anAlarmDuringTheBakeRestoresEveryPatchedInstance() throws Exception {
    CliRun patch =
        CliRun.run(
            env,
            "patch",
            "--patch-group",
            GROUP,
            "--env",
            "test",
            "--operation",
            "Install",
            "--reboot-option",
            "NoReboot",
            "--max-concurrency",
            "100%",
            "--validation-command",
            "test -s /opt/app/VERSION",
            "--waves",
            "1,100%",
            "--bake",
            "2m",
            "--alarm",
            ALARM,
            "--alarm-poll",
            "1s",
            "--snapshot-retention",
            "1h",
            "--output",
            "json");
    assertThat(patch.exit()).as(patch.out() + patch.err()).isZero();
    String id = Json.MAPPER.readTree(patch.out()).get("workflowId").asText();
    SimHttp.awaitPhase(env, id, "baking");
    // Wave 1 is done: its one instance is patched on disk before the alarm fires.
    JsonNode baking = Json.MAPPER.readTree(CliRun.run(env, "status", id, "--output", "json").out());
    List<String> patchedNow = new ArrayList<>();
    for (JsonNode i : baking.at("/progress/instances")) {
      if (i.get("state").asText().equals("PATCHED")) {
        patchedNow.add(i.get("instanceId").asText());
      }
    }
    assertThat(patchedNow).hasSize(1);
    assertThat(baking.at("/progress/wave").asInt()).isEqualTo(1);
    assertThat(baking.at("/progress/waves").asInt()).isEqualTo(2);
    assertThat(CliRun.run(env, "status", id).out())
        .contains("wave     1/2, baking: ")
        .contains("alarm    " + ALARM + " OK");
    assertThat(SimHttp.file(stack, patchedNow.get(0), INSTALLED_LIST)).contains("openssl-3.0.13");

    aws.cloudWatch()
        .putMetricData(
            r ->
                r.namespace("AppPatch")
                    .metricData(
                        d ->
                            d.metricName("Errors")
                                .value(50.0)
                                .timestamp(Instant.now())
                                .dimensions(Dimension.builder().name("App").value("app").build())));

    CliRun watch = CliRun.run(env, "status", id, "--watch", "--output", "json");
    assertThat(watch.exit()).as(watch.out() + watch.err()).isEqualTo(1);
    JsonNode result = Json.MAPPER.readTree(watch.out()).get("result");
    assertThat(result.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(result.get("message").asText()).startsWith("stopped: alarm " + ALARM + " in ALARM");

    List<String> restored = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (JsonNode i : result.get("instances")) {
      String instance = i.get("instanceId").asText();
      switch (i.get("state").asText()) {
        case "ROLLED_BACK" -> {
          restored.add(instance);
          assertThat(i.get("reason").asText())
              .startsWith("restored from the pre-patch snapshot: alarm " + ALARM);
        }
        case "SKIPPED" -> skipped.add(instance);
        default -> throw new AssertionError("unexpected " + i);
      }
      // Wave 1's instance was patched, then restored; wave 2 never started: no disk has the patch.
      assertThat(SimHttp.file(stack, instance, INSTALLED_LIST)).as(instance).isNull();
      assertThat(SimHttp.file(stack, instance, "/opt/app/VERSION")).as(instance).isEqualTo("1.0.0");
    }
    assertThat(restored).containsExactlyElementsOf(patchedNow);
    assertThat(skipped).hasSize(2);
  }
}
