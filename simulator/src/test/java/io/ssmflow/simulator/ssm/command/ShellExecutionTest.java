package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.id;
import static io.ssmflow.simulator.ssm.command.CommandTesting.ids;
import static io.ssmflow.simulator.ssm.command.CommandTesting.invocations;
import static io.ssmflow.simulator.ssm.command.CommandTesting.shell;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.simulator.TestSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/** AWS-RunShellScript on shell-mode instances: real processes, output, timeouts, isolation. */
class ShellExecutionTest {
  private static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: web
          tags: {Application: shop, Environment: staging}
          mode: shell
        - name: win-1
          platform: Windows
          mode: shell
      """;
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ssm = sim.ssm();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static GetCommandInvocationResponse result(String commandId, String instanceId) {
    return ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(instanceId));
  }

  @Test
  void runsTheScriptForRealAndReportsOutputAndExitCode() {
    String web1 = id(sim, "web-1");
    String ok =
        shell(
            ssm,
            List.of(web1),
            "echo \"hello from $INSTANCE_ID in $AWS_SSM_REGION_NAME\"",
            "echo oops >&2",
            "echo \"ssm id $AWS_SSM_INSTANCE_ID\"");
    String bad = shell(ssm, List.of(web1), "echo before", "exit 3");
    assertThat(await(ssm, ok).statusAsString()).isEqualTo("Success");
    Command failed = await(ssm, bad);
    assertThat(failed.statusAsString()).isEqualTo("Failed");
    assertThat(failed.errorCount()).isEqualTo(1);

    GetCommandInvocationResponse r = result(ok, web1);
    assertThat(r.statusAsString()).isEqualTo("Success");
    assertThat(r.responseCode()).isZero();
    assertThat(r.standardOutputContent())
        .isEqualTo("hello from " + web1 + " in us-east-1\nssm id " + web1 + "\n");
    assertThat(r.standardErrorContent()).isEqualTo("oops\n");
    assertThat(r.pluginName()).isEqualTo("aws:runShellScript");
    assertThat(Instant.parse(r.executionStartDateTime()))
        .isBeforeOrEqualTo(Instant.parse(r.executionEndDateTime()));
    assertThat(r.executionElapsedTime()).startsWith("PT");

    GetCommandInvocationResponse f = result(bad, web1);
    assertThat(f.statusAsString()).isEqualTo("Failed");
    assertThat(f.statusDetails()).isEqualTo("Failed");
    assertThat(f.responseCode()).isEqualTo(3);
    assertThat(f.standardOutputContent()).isEqualTo("before\n");
    assertThat(f.standardErrorContent()).isEqualTo("failed to run commands: exit status 3");
  }

  @Test
  void truncatesOutputLikeSsm() {
    String web2 = id(sim, "web-2");
    String cid =
        shell(
            ssm,
            List.of(web2),
            "head -c 30000 /dev/zero | tr '\\0' 'a'",
            "head -c 9000 /dev/zero | tr '\\0' 'b' >&2");
    await(ssm, cid);
    GetCommandInvocationResponse r = result(cid, web2);
    assertThat(r.standardOutputContent()).hasSize(24_000).matches("a+");
    assertThat(r.standardErrorContent()).hasSize(8_000).matches("b+");
    CommandPlugin plugin = invocations(ssm, cid).get(0).commandPlugins().get(0);
    assertThat(plugin.output().length()).isLessThanOrEqualTo(2_500).isGreaterThan(2_400);
    assertThat(plugin.output())
        .startsWith("aaaa")
        .contains("---Output truncated---")
        .contains("----------ERROR-------")
        .endsWith("---Error truncated----");
  }

  @Test
  void executionTimeoutKillsTheProcessTree() throws Exception {
    String web3 = id(sim, "web-3");
    String marker = "ssmflow-sleep-" + UUID.randomUUID();
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(web3)
                        .parameters(
                            Map.of(
                                "commands",
                                    List.of(
                                        "echo started",
                                        "(exec -a " + marker + " sleep 30) &",
                                        "sleep 30"),
                                "executionTimeout", List.of("1"))))
            .command()
            .commandId();
    Command c = await(ssm, cid);
    assertThat(c.statusAsString()).isEqualTo("TimedOut");
    assertThat(c.statusDetails()).isEqualTo("ExecutionTimedOut");
    assertThat(c.errorCount()).isEqualTo(1);
    GetCommandInvocationResponse r = result(cid, web3);
    assertThat(r.statusAsString()).isEqualTo("TimedOut");
    assertThat(r.statusDetails()).isEqualTo("ExecutionTimedOut");
    assertThat(r.responseCode()).isEqualTo(137);
    assertThat(r.standardOutputContent()).isEqualTo("started\n");
    Thread.sleep(200);
    assertThat(
            ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(marker)))
        .isEmpty();
  }

  @Test
  void anInstanceRunsOneCommandAtATime() {
    String web1 = id(sim, "web-1");
    String first = shell(ssm, List.of(web1), "sleep 0.4", "echo first");
    String second = shell(ssm, List.of(web1), "echo second");
    await(ssm, second);
    await(ssm, first);
    CommandPlugin a = invocations(ssm, first).get(0).commandPlugins().get(0);
    CommandPlugin b = invocations(ssm, second).get(0).commandPlugins().get(0);
    assertThat(b.responseStartDateTime()).isAfterOrEqualTo(a.responseFinishDateTime());
    assertThat(b.output()).isEqualTo("second\n");
  }

  @Test
  void eachInstanceHasItsOwnFilesystemWithBubblewrap() throws Exception {
    TestSandbox.assumeIsolated();
    String name = "ssmflow-test-" + UUID.randomUUID();
    String web1 = id(sim, "web-1");
    String web2 = id(sim, "web-2");
    String write =
        shell(
            ssm,
            List.of(web1),
            "echo data > /opt/" + name,
            "touch /tmp/" + name,
            "cat /opt/" + name);
    assertThat(await(ssm, write).statusAsString()).isEqualTo("Success");
    assertThat(result(write, web1).standardOutputContent()).isEqualTo("data\n");

    Path sandbox = sim.simulator().fleet().instance(web1).orElseThrow().sandbox();
    assertThat(sandbox.resolve("opt").resolve(name)).hasContent("data");
    assertThat(sandbox.resolve("tmp").resolve(name)).exists();
    assertThat(Path.of("/opt", name)).doesNotExist();
    assertThat(Path.of("/tmp", name)).doesNotExist();

    String look =
        shell(
            ssm,
            List.of(web2),
            "test -e /opt/" + name + " && echo visible || echo invisible",
            "touch /usr/" + name + " 2>/dev/null && echo usr-writable || echo usr-read-only",
            "cat /etc/hostname > /dev/null && echo etc-readable");
    await(ssm, look);
    assertThat(result(look, web2).standardOutputContent())
        .isEqualTo("invisible\nusr-read-only\netc-readable\n");
  }

  @Test
  void workingDirectoryAndDefaultDirectory() {
    String web2 = id(sim, "web-2");
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(web2)
                        .parameters(
                            Map.of(
                                "commands",
                                List.of("mkdir -p /srv/app", "pwd"),
                                "workingDirectory",
                                List.of("/srv"))))
            .command()
            .commandId();
    await(ssm, cid);
    assertThat(result(cid, web2).standardOutputContent()).isEqualTo("/srv\n");
    String dflt = shell(ssm, List.of(web2), "pwd");
    await(ssm, dflt);
    assertThat(result(dflt, web2).standardOutputContent())
        .isEqualTo(
            "/var/lib/amazon/ssm/"
                + web2
                + "/document/orchestration/"
                + dflt
                + "/awsrunShellScript/0.awsrunShellScript\n");
  }

  @Test
  void cancellingARunningCommandKillsIt() {
    String web3 = id(sim, "web-3");
    String cid = shell(ssm, List.of(web3), "echo going", "sleep 20", "echo never");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!result(cid, web3).statusAsString().equals("InProgress")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      CommandTesting.sleep(20);
    }
    CommandTesting.sleep(100);
    ssm.cancelCommand(b -> b.commandId(cid));
    Command c = await(ssm, cid, Duration.ofSeconds(5));
    assertThat(c.statusAsString()).isEqualTo("Cancelled");
    CommandInvocation inv = invocations(ssm, cid).get(0);
    assertThat(inv.statusAsString()).isEqualTo("Cancelled");
    assertThat(inv.commandPlugins().get(0).output()).doesNotContain("never");
  }

  @Test
  void windowsInstancesCannotRunShellScripts() {
    String win = id(sim, "win-1");
    String web1 = id(sim, "web-1");
    String cid = shell(ssm, List.of(win, web1), "echo hi");
    Command c = await(ssm, cid);
    assertThat(c.statusAsString()).isEqualTo("Success");
    assertThat(c.errorCount()).isZero();
    GetCommandInvocationResponse r = result(cid, win);
    assertThat(r.statusAsString()).isEqualTo("Failed");
    assertThat(r.statusDetails()).isEqualTo("InvalidPlatform");
    assertThat(r.responseCode()).isEqualTo(-1);
    assertThat(r.executionStartDateTime()).isEmpty();
    assertThat(ids(sim, "web-1")).containsExactly(web1);
  }
}
