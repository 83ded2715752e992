package io.ssmflow.cli.dev;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.cli.deploy.DeployCommand;
import io.ssmflow.workflows.deploy.DeploymentIds;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentResult;
import io.ssmflow.workflows.deploy.InstanceProgress;
import io.ssmflow.workflows.deploy.InstanceState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The demo's alarm-gated rollout (docs/waves.md): shop 3.0.0 passes its health check on every
 * instance, but each upgraded instance reports 40 errors through its CloudWatch agent (the
 * simulator's agent spool, then PutMetricData-equivalent storage and real alarm evaluation; no
 * SetAlarmState). The alarm on the app's errors fires after the first wave, the rollout stops, and
 * every upgraded instance is rolled back, checked on disk.
 */
final class DemoAlarm {
  static final String THIRD = "3.0.0";
  static final String ALARM = "shop-staging-errors-high";
  static final String NAMESPACE = "ShopApp";

  private DemoAlarm() {}

  static void run(PrintWriter out, Map<String, String> env, DevStack stack, List<String> failures)
      throws Exception {
    String app = DemoCommand.APP;
    String envName = DemoCommand.ENV;
    out.println(
        "\n== deploy "
            + app
            + " "
            + THIRD
            + " in waves 1,100% with a 30s bake, gated by"
            + " CloudWatch alarm "
            + ALARM);
    out.flush();
    try (AwsClients aws = AwsClients.fromEnvironment(DevStack.awsEnvironment(stack.simulator()))) {
      aws.cloudWatch()
          .putMetricAlarm(
              r ->
                  r.alarmName(ALARM)
                      .namespace(NAMESPACE)
                      .metricName("Errors")
                      .dimensions(
                          Dimension.builder().name("App").value(app).build(),
                          Dimension.builder().name("Environment").value(envName).build())
                      .statistic(Statistic.MAXIMUM)
                      .period(10)
                      .evaluationPeriods(1)
                      .threshold(5.0)
                      .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                      .treatMissingData("notBreaching"));
    }
    List<String> ids = new ArrayList<>();
    for (int n = 1; n <= DemoCommand.HEALTHY; n++) {
      ids.add(DemoFleet.healthyId(n));
    }
    ids.add(DemoCommand.BROKEN_ID);
    Map<String, String> before = new LinkedHashMap<>();
    for (String id : ids) {
      before.put(id, DemoCommand.file(stack, id, "/opt/" + app + "/VERSION"));
    }

    Path spec = Files.createTempFile("ssmflow-demo-3.0.0-", ".yaml");
    Files.writeString(
        spec,
        """
        steps:
          - name: install
            commands:
              - "mkdir -p /opt/{{App}}"
              - "rm -rf /opt/{{App}}.backup && cp -a /opt/{{App}} /opt/{{App}}.backup"
              - "echo '{{Version}}' > /opt/{{App}}/VERSION"
            timeoutSeconds: 30
          - name: start
            commands:
              - "mkdir -p /var/lib/amazon-cloudwatch-agent"
              - "echo 'ShopApp Errors 40 App={{App}} Environment={{Env}}' >> /var/lib/amazon-cloudwatch-agent/metrics"
            timeoutSeconds: 30
        healthCheck:
          commands: ["test \\"$(cat /opt/{{App}}/VERSION)\\" = '{{Version}}'"]
          timeoutSeconds: 30
        rollback:
          commands: ["rm -rf /opt/{{App}} && mv /opt/{{App}}.backup /opt/{{App}}"]
          timeoutSeconds: 30
        """);
    int code =
        DemoCommand.run(
            out,
            env,
            new DeployCommand(),
            List.of(
                "--app",
                app,
                "--version",
                THIRD,
                "--env",
                envName,
                "--spec",
                spec.toString(),
                "--waves",
                "1,100%",
                "--bake",
                "30s",
                "--alarm",
                ALARM,
                "--alarm-poll",
                "5s",
                "--max-concurrency",
                "25%",
                "--wait"));
    check(
        out,
        failures,
        code == 1,
        "deploy " + THIRD + " exits 1: stopped by its alarm (got " + code + ")");
    DeploymentResult r =
        DemoCommand.result(
            stack, DeploymentResult.class, DeploymentIds.workflowId(app, envName, THIRD));
    check(
        out,
        failures,
        r.outcome() == DeploymentOutcome.FAILED
            && r.alarm() != null
            && ALARM.equals(r.alarm().name()),
        "the result names alarm "
            + ALARM
            + " (got "
            + (r.alarm() == null ? "none" : r.alarm().name() + ": " + r.alarm().reason())
            + ")");
    int rolledBack = 0;
    for (InstanceProgress i : r.instances()) {
      rolledBack += i.state() == InstanceState.ROLLED_BACK ? 1 : 0;
    }
    // Only the first wave's instance was upgraded: the second wave never started.
    check(
        out,
        failures,
        rolledBack == 1 && r.succeeded() == 0,
        "the first wave's instance"
            + " rolled back, wave 2 never started ("
            + rolledBack
            + " rolled back, "
            + r.succeeded()
            + " left on "
            + THIRD
            + ")");
    for (String id : ids) {
      String now = DemoCommand.file(stack, id, "/opt/" + app + "/VERSION");
      check(
          out,
          failures,
          before.get(id).equals(now),
          String.format("%-21s VERSION %s (as" + " before %s)", id, now, THIRD));
    }
  }

  private static void check(PrintWriter out, List<String> failures, boolean ok, String what) {
    out.println("  " + (ok ? "ok    " : "FAILED") + " " + what);
    if (!ok) {
      failures.add(what);
    }
  }
}
