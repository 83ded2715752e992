package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.errorCode;
import static io.ssmflow.simulator.ssm.command.CommandTesting.id;
import static io.ssmflow.simulator.ssm.command.CommandTesting.invocations;
import static io.ssmflow.simulator.ssm.command.CommandTesting.sf;
import static io.ssmflow.simulator.ssm.command.CommandTesting.shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/** Injected faults in both modes, and AWS-RunPatchBaseline Scan and Install. */
class FaultsAndPatchingTest {
  private static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: app
          tags: {Application: shop, PatchGroup: AppServers}
          mode: shell
          pendingPatches:
            - {id: KB5031356, classification: SecurityUpdates, severity: Critical,
               title: "2023-10 Cumulative Update"}
            - {id: openssl-3.0.2-0ubuntu1.12, classification: Security, severity: Important,
               title: openssl}
        - count: 3
          namePrefix: sim
          tags: {Application: batch}
          mode: simulated
          latency: 20ms
          pendingPatches: [kernel-5.15.0-91]
      faults:
        - id: broken-health
          match: healthcheck
          afterPatch: true
          tags: {Application: shop}
          exitCode: 1
          stderr: "health check failed: HTTP 503"
        - id: deploy-fails
          match: deploy v2
          instances: [app-1, sim-1]
          exitCode: 2
          stdout: "partial copy"
          stderr: "No space left on device"
        - id: stuck
          match: wait-for-lock
          hang: true
        - id: flaky-once
          match: flaky-step
          instances: [sim-2]
          exitCode: 1
          times: 1
      """;
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ssm = sim.ssm();
    sim.admin("POST", "/_sim/commands/settings", "{\"rebootDuration\": \"600ms\"}");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static GetCommandInvocationResponse result(String commandId, String instanceId) {
    return ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(instanceId));
  }

  private static String patch(String instanceId, String operation, String reboot) {
    return ssm.sendCommand(
            b ->
                b.documentName("AWS-RunPatchBaseline")
                    .instanceIds(instanceId)
                    .parameters(
                        Map.of(
                            "Operation",
                            List.of(operation),
                            "RebootOption",
                            List.of(reboot),
                            "SnapshotId",
                            List.of("521c3536-930c-4aa9-950e-01234c1a9e1b"))))
        .command()
        .commandId();
  }

  private static String ping(String instanceId) {
    return ssm.describeInstanceInformation(b -> b.filters(sf("InstanceIds", instanceId)))
        .instanceInformationList()
        .get(0)
        .pingStatusAsString();
  }

  @Test
  void exitCodeAndOutputFaultsApplyInBothModes() {
    String app1 = id(sim, "app-1");
    String sim1 = id(sim, "sim-1");
    String app2 = id(sim, "app-2");
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(app1, sim1, app2)
                        .maxErrors("5")
                        .parameters(Map.of("commands", List.of("echo copying", "echo deploy v2"))))
            .command()
            .commandId();
    Command c = await(ssm, cid);
    assertThat(c.errorCount()).isEqualTo(2);
    assertThat(c.statusDetails()).isEqualTo("Incomplete");

    GetCommandInvocationResponse shellRun = result(cid, app1);
    assertThat(shellRun.statusAsString()).isEqualTo("Failed");
    assertThat(shellRun.responseCode()).isEqualTo(2);
    assertThat(shellRun.standardOutputContent()).isEqualTo("copying\ndeploy v2\npartial copy");
    assertThat(shellRun.standardErrorContent())
        .isEqualTo("No space left on device\nfailed to run commands: exit status 2");
    GetCommandInvocationResponse simulated = result(cid, sim1);
    assertThat(simulated.responseCode()).isEqualTo(2);
    assertThat(simulated.standardOutputContent()).isEqualTo("partial copy");
    assertThat(result(cid, app2).statusAsString()).isEqualTo("Success");
  }

  @Test
  void hangRunsUntilTheExecutionTimeout() {
    String app3 = id(sim, "app-3");
    String sim3 = id(sim, "sim-3");
    long t0 = System.nanoTime();
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(app3, sim3)
                        .maxErrors("1")
                        .parameters(
                            Map.of(
                                "commands",
                                List.of("wait-for-lock"),
                                "executionTimeout",
                                List.of("1"))))
            .command()
            .commandId();
    Command c = await(ssm, cid);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(900));
    assertThat(c.statusAsString()).isEqualTo("TimedOut");
    assertThat(c.statusDetails()).isEqualTo("ExecutionTimedOut");
    for (String i : List.of(app3, sim3)) {
      GetCommandInvocationResponse r = result(cid, i);
      assertThat(r.statusDetails()).isEqualTo("ExecutionTimedOut");
      assertThat(r.responseCode()).isEqualTo(137);
    }
  }

  @Test
  void aFaultWithTimesFiresOnlyThatOften() {
    String sim2 = id(sim, "sim-2");
    String first = shell(ssm, List.of(sim2), "flaky-step");
    assertThat(await(ssm, first).statusAsString()).isEqualTo("Failed");
    String retry = shell(ssm, List.of(sim2), "flaky-step");
    assertThat(await(ssm, retry).statusAsString()).isEqualTo("Success");
  }

  @Test
  void scanReportsMissingPatchesWithoutChangingThem() {
    String sim1 = id(sim, "sim-1");
    String cid = patch(sim1, "Scan", "NoReboot");
    assertThat(await(ssm, cid).statusAsString()).isEqualTo("Success");
    GetCommandInvocationResponse r = result(cid, sim1);
    assertThat(r.pluginName()).isEqualTo("PatchLinux");
    assertThat(r.standardOutputContent())
        .contains("OperationType               : Scan")
        .contains("MissingCount                : 1")
        .contains("InstalledCount              : 0")
        .contains("kernel-5.15.0-91")
        .contains("Security")
        .contains("Important");
    JsonNode state = sim.admin("GET", "/_sim/instances/sim-1");
    assertThat(state.get("pendingPatches")).hasSize(1);
    assertThat(state.get("installedPatches")).isEmpty();
  }

  @Test
  void installAppliesPatchesRecordsThemRebootsAndBreaksTheHealthCheck() {
    String app2 = id(sim, "app-2");
    String before = shell(ssm, List.of(app2), "echo healthcheck ok");
    assertThat(await(ssm, before).statusAsString()).isEqualTo("Success");

    String cid = patch(app2, "Install", "RebootIfNeeded");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!ping(app2).equals("ConnectionLost")) {
      assertThat(System.nanoTime()).as("no reboot seen").isLessThan(deadline);
      CommandTesting.sleep(10);
    }
    assertThat(result(cid, app2).statusAsString()).isEqualTo("InProgress");
    assertThat(await(ssm, cid).statusAsString()).isEqualTo("Success");
    assertThat(ping(app2)).isEqualTo("Online");

    GetCommandInvocationResponse r = result(cid, app2);
    assertThat(r.standardOutputContent())
        .contains("OperationType               : Install")
        .contains("InstalledCount              : 2")
        .contains("KB5031356")
        .contains("openssl-3.0.2-0ubuntu1.12")
        .contains("521c3536-930c-4aa9-950e-01234c1a9e1b")
        .contains("RebootIfNeeded");
    JsonNode state = sim.admin("GET", "/_sim/instances/app-2");
    assertThat(state.get("pendingPatches")).isEmpty();
    assertThat(state.get("installedPatches")).hasSize(2);
    assertThat(
            sim.admin(
                    "GET",
                    "/_sim/instances/app-2/files?path=" + "/var/lib/ssmflow-sim/installed-patches")
                .get("content")
                .asText())
        .isEqualTo("KB5031356\nopenssl-3.0.2-0ubuntu1.12\n");
    assertThat(
            sim.admin(
                    "GET", "/_sim/instances/app-2/files?path=" + "/var/log/ssmflow-sim/patches.log")
                .get("content")
                .asText())
        .contains("command=" + cid)
        .contains("installed KB5031356");

    String after = shell(ssm, List.of(app2), "echo healthcheck ok");
    Command failed = await(ssm, after);
    assertThat(failed.statusAsString()).isEqualTo("Failed");
    assertThat(result(after, app2).standardErrorContent())
        .startsWith("health check failed: HTTP 503");
  }

  @Test
  void noRebootLeavesTheInstanceOnline() {
    String sim3 = id(sim, "sim-3");
    String cid = patch(sim3, "Install", "NoReboot");
    assertThat(await(ssm, cid).statusAsString()).isEqualTo("Success");
    assertThat(result(cid, sim3).standardOutputContent())
        .contains("InstalledPendingRebootCount : 1")
        .contains("RebootOption=NoReboot");
    JsonNode history = sim.admin("GET", "/_sim/instances/sim-3/commands");
    assertThat(
            history
                .get("counts")
                .get("AWS-RunPatchBaseline Operation=Install RebootOption=NoReboot")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void patchBaselineHasOneStepPerPlatform() {
    String app1 = id(sim, "app-1");
    String cid = patch(app1, "Scan", "NoReboot");
    await(ssm, cid);
    CommandInvocation inv = invocations(ssm, cid).get(0);
    assertThat(inv.commandPlugins())
        .extracting(CommandPlugin::name)
        .containsExactly("PatchWindows", "PatchLinux", "PatchMacOS");
    CommandPlugin windows = inv.commandPlugins().get(0);
    assertThat(windows.statusAsString()).isEqualTo("Success");
    assertThat(windows.output())
        .startsWith(
            "Step execution skipped due to unsatisfied"
                + " preconditions: '\"StringEquals\": [platformType, Windows]'");
    assertThat(inv.commandPlugins().get(1).output()).startsWith("Patch Summary for " + app1);
    assertThat(
            ssm.getCommandInvocation(
                    b -> b.commandId(cid).instanceId(app1).pluginName("PatchMacOS"))
                .standardOutputContent())
        .contains("Step name: PatchMacOS");
    assertThat(
            errorCode(
                () ->
                    ssm.getCommandInvocation(
                        b -> b.commandId(cid).instanceId(app1).pluginName("aws:runShellScript"))))
        .isEqualTo("InvalidPluginName");
    assertThat(
            errorCode(
                () ->
                    ssm.sendCommand(
                        b ->
                            b.documentName("AWS-RunPatchBaseline")
                                .instanceIds(app1)
                                .parameters(
                                    Map.of(
                                        "Operation",
                                        List.of("Install"),
                                        "SnapshotId",
                                        List.of("snap-0123456789abcdef0"))))))
        .isEqualTo("InvalidParameters");
  }
}
