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
 * Alarm-gated waves end to end on the embedded dev stack: a real CloudWatch alarm in the simulator,
 * evaluated from real metric data put through the AWS SDK over HTTP, stops a rollout during its
 * bake; every upgraded instance is rolled back, checked on disk.
 */
class DeployAlarmsEndToEndTest {
  static final String FLEET =
      """
      instances:
        - count: 4
          namePrefix: shop-alarm
          mode: shell
          tags: {Application: shop, Environment: alarm}
      """;
  static final String ALARM = "shop-alarm-errors-high";

  @TempDir static Path state;
  static DevStack stack;
  static Map<String, String> env;
  static AwsClients aws;

  @BeforeAll
  static void start() throws Exception {
    stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state, "default", "e2e")
                .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded()));
    env = stack.exports();
    aws = AwsClients.fromEnvironment(env);
    aws.cloudWatch()
        .putMetricAlarm(
            r ->
                r.alarmName(ALARM)
                    .namespace("ShopApp")
                    .metricName("Errors")
                    .dimensions(Dimension.builder().name("App").value("shop").build())
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
  void aMissingAlarmIsBadInputAndStartsNothing() {
    CliRun run =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "shop",
            "--version",
            "0.9.0",
            "--env",
            "alarm",
            "--alarm",
            "no-such-alarm");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("ssmflow: no such alarm: no-such-alarm");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void planPrintsTargetsWavesCommandsAndAlarmsAndStartsNothing() throws Exception {
    String[] flags = {
      "deploy",
      "--app",
      "shop",
      "--version",
      "5.0.0",
      "--env",
      "alarm",
      "--waves",
      "1,100%",
      "--bake",
      "1m",
      "--alarm",
      ALARM,
      "--plan"
    };
    CliRun plan = CliRun.run(env, flags);
    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("(nothing started)")
        .contains("4 eligible, 0 skipped")
        .contains("wave 1 (1): ")
        .contains("wave 2 (3): ")
        .contains("bake 60 s")
        .contains("echo '5.0.0' > /opt/shop/VERSION")
        .doesNotContain("{{")
        .contains("alarms\n  " + ALARM + " ");

    List<String> withJson = new ArrayList<>(List.of(flags));
    withJson.addAll(List.of("--output", "json"));
    CliRun json = CliRun.run(env, withJson.toArray(String[]::new));
    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode doc = Json.MAPPER.readTree(json.out());
    assertThat(doc.get("eligible")).hasSize(4);
    assertThat(doc.get("waves")).hasSize(2);
    assertThat(doc.at("/waves/0")).hasSize(1);
    assertThat(doc.at("/alarms/0/name").asText()).isEqualTo(ALARM);
    assertThat(doc.get("steps").size()).isGreaterThan(1);

    CliRun status = CliRun.run(env, "status", "deploy-shop-alarm-5.0.0");
    assertThat(status.exit()).as("no workflow was started").isNotZero();
  }

  @Test
  void anAlarmDuringTheBakeStopsTheRolloutAndRollsBackEveryUpgradedInstance() throws Exception {
    CliRun first =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "shop",
            "--version",
            "1.0.0",
            "--env",
            "alarm",
            "--max-concurrency",
            "100%",
            "--wait");
    assertThat(first.exit()).as(first.out() + first.err()).isZero();

    CliRun deploy =
        CliRun.run(
            env,
            "deploy",
            "--app",
            "shop",
            "--version",
            "2.0.0",
            "--env",
            "alarm",
            "--waves",
            "1,100%",
            "--bake",
            "2m",
            "--alarm",
            ALARM,
            "--alarm-poll",
            "1s",
            "--max-concurrency",
            "100%",
            "--output",
            "json");
    assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
    String id = Json.MAPPER.readTree(deploy.out()).get("workflowId").asText();
    SimHttp.awaitPhase(env, id, "baking");
    CliRun baking = CliRun.run(env, "status", id);
    assertThat(baking.out()).contains("wave     1/2, baking:").contains("alarm    " + ALARM);

    // The error rate rises: the simulator's alarm evaluates the data and goes to ALARM.
    aws.cloudWatch()
        .putMetricData(
            r ->
                r.namespace("ShopApp")
                    .metricData(
                        d ->
                            d.metricName("Errors")
                                .value(50.0)
                                .timestamp(Instant.now())
                                .dimensions(
                                    Dimension.builder().name("App").value("shop").build())));

    CliRun watch = CliRun.run(env, "status", id, "--watch", "--output", "json");
    assertThat(watch.exit()).as(watch.out() + watch.err()).isEqualTo(1);
    JsonNode result = Json.MAPPER.readTree(watch.out()).get("result");
    assertThat(result.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(result.get("message").asText())
        .startsWith("stopped: alarm " + ALARM + " in ALARM since ")
        .contains("Threshold Crossed");
    assertThat(result.at("/alarm/name").asText()).isEqualTo(ALARM);
    assertThat(result.at("/alarm/state").asText()).isEqualTo("ALARM");
    assertThat(result.get("currentVersion").asText()).isEqualTo("1.0.0");

    List<String> rolledBack = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (JsonNode i : result.get("instances")) {
      String instance = i.get("instanceId").asText();
      switch (i.get("state").asText()) {
        case "ROLLED_BACK" -> rolledBack.add(instance);
        case "SKIPPED" -> skipped.add(instance);
        default -> throw new AssertionError("unexpected " + i);
      }
      assertThat(SimHttp.file(stack, instance, "/opt/shop/VERSION"))
          .as(instance)
          .isEqualTo("1.0.0");
    }
    assertThat(rolledBack).hasSize(1);
    assertThat(skipped).hasSize(3);
  }
}
