package io.ssmflow.cli.dev;

import io.ssmflow.cli.runbook.RunbookRunCommand;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.runbook.AutomationExecution;
import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.RunbookIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo's runbook: the SSM Automation document runbooks/restart-shop.yaml (stop the shop
 * service, wait, start it, check its pid and version files) run with {@code ssmflow runbook run
 * --targets tag:Application=shop,tag:Environment=staging --wait}; then checks on every instance
 * that the files were written and on the run that each step succeeded.
 */
final class DemoRunbook {
  static final String RESOURCE = "/runbooks/restart-shop.yaml";
  static final String NAME = "restart-shop";
  static final String TARGETS =
      "tag:Application=" + DemoCommand.APP + ",tag:Environment=" + DemoCommand.ENV;

  private DemoRunbook() {}

  static void run(PrintWriter out, Map<String, String> env, DevStack stack, List<String> failures)
      throws IOException, InterruptedException {
    out.println(
        "\n== runbook "
            + NAME
            + " (SSM Automation document: stop the service, wait,"
            + " start it, check its files)");
    out.flush();
    Path dir = Files.createTempDirectory("ssmflow-demo-runbook-");
    Path file = dir.resolve(NAME + ".yaml");
    try (InputStream in = DemoRunbook.class.getResourceAsStream(RESOURCE)) {
      Files.write(file, in.readAllBytes());
    }
    int code =
        DemoCommand.run(
            out,
            env,
            new RunbookRunCommand(),
            List.of(file.toString(), "--targets", TARGETS, "--param", "Drain=PT3S", "--wait"));
    check(out, failures, code == 0, "runbook run exits 0 (got " + code + ")");
    String id =
        RunbookIds.workflowId(
            NAME,
            Map.of("Drain", "PT3S"),
            TargetSpec.ofTags(
                    Map.of("Application", DemoCommand.APP, "Environment", DemoCommand.ENV))
                .describe());
    AutomationExecution e = DemoCommand.result(stack, AutomationExecution.class, id);
    check(
        out,
        failures,
        e.status() == AutomationStatus.SUCCESS,
        id + " is Success (got " + e.status().awsName() + ")");
    List<String> instances = e.parameters().getOrDefault("InstanceIds", List.of());
    check(
        out,
        failures,
        instances.size() == DemoCommand.HEALTHY + 1 && !instances.contains(DemoCommand.OFFLINE_ID),
        "InstanceIds resolved from the tags: "
            + instances.size()
            + " online instances, "
            + DemoCommand.OFFLINE_ID
            + " left out");
    for (String i : instances) {
      String pid = DemoCommand.file(stack, i, "/var/run/shop/pid");
      String log = DemoCommand.file(stack, i, "/var/log/shop-restarts.log");
      boolean ok =
          pid.matches("\\d+")
              && log.contains("stopped by " + id)
              && log.contains("started by " + id)
              && log.indexOf("stopped by " + id) < log.indexOf("started by " + id);
      check(
          out,
          failures,
          ok,
          String.format("%-21s pid %s, restarts.log: stopped then started", i, pid));
    }
    String output =
        String.join(" ", e.outputs().getOrDefault("checkFiles.Output", List.of())).trim();
    check(out, failures, output.startsWith("running "), "checkFiles.Output is '" + output + "'");
  }

  private static void check(PrintWriter out, List<String> failures, boolean ok, String what) {
    out.println("  " + (ok ? "ok    " : "FAILED") + " " + what);
    if (!ok) {
      failures.add(what);
    }
  }
}
