package io.ssmflow.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.simulator.TestSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * What a command sees of its instance's system: its own load average and uptime (set in the fleet
 * file or through the admin API, a quiet default otherwise), its own host name and a minimal /etc
 * without the host's users or shadow file; root inside, no capabilities.
 */
class InstanceSystemTest {
  private static TestSimulator sim;

  @BeforeAll
  static void start() {
    TestSandbox.assumeIsolated();
    sim =
        TestSimulator.start(
            """
        instances:
          - name: quiet
            mode: shell
            platformName: Amazon Linux
            platformVersion: "2023"
          - name: busy
            mode: shell
            loadAverage: "9.5 9.1 8.7"
            uptime: 3d
        """);
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private static String run(String name, String... commands) {
    String id = sim.simulator().fleet().instanceByIdOrName(name).orElseThrow().id();
    String cid =
        sim.ssm()
            .sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .parameters(Map.of("commands", List.of(commands))))
            .command()
            .commandId();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        GetCommandInvocationResponse r =
            sim.ssm().getCommandInvocation(b -> b.commandId(cid).instanceId(id));
        if (Set.of("Success", "Failed", "TimedOut").contains(r.statusAsString())) {
          assertThat(r.statusAsString()).as(r.standardErrorContent()).isEqualTo("Success");
          return r.standardOutputContent();
        }
      } catch (software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException e) {
        // not visible yet
      }
      assertThat(System.nanoTime()).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void eachInstanceSeesItsOwnLoadAndUptimeNotTheHosts() {
    assertThat(run("quiet", "cat /proc/loadavg")).startsWith("0.08 0.05 0.01 1/97 ");
    String busy = run("busy", "cat /proc/loadavg", "cut -d ' ' -f 1 /proc/uptime", "uptime");
    List<String> lines = busy.lines().toList();
    assertThat(lines.get(0)).startsWith("9.50 9.10 8.70 ");
    assertThat(Double.parseDouble(lines.get(1))).isBetween(259_200.0, 259_200.0 + 600);
    assertThat(lines.get(2)).contains("up 3 days").contains("load average: 9.50, 9.10, 8.70");

    sim.admin("POST", "/_sim/instances/quiet/load", "{\"loadAverage\": \"3\"}");
    assertThat(run("quiet", "cat /proc/loadavg")).startsWith("3.00 3.00 3.00 ");
    sim.admin("POST", "/_sim/instances/quiet/load", "{\"loadAverage\": \"0.08 0.05 0.01\"}");
  }

  @Test
  void aMinimalEtcAndTheInstancesOwnHostName() {
    var quiet = sim.simulator().fleet().instanceByIdOrName("quiet").orElseThrow();
    String out =
        run(
            "quiet",
            "ls /etc",
            "hostname",
            "grep -E '^(ID|VERSION_ID)=' /etc/os-release",
            "id -u",
            "grep CapEff /proc/self/status",
            "test -e /etc/shadow || echo no-shadow",
            "cut -d: -f1 /etc/passwd | tr '\\n' ' '",
            "echo",
            "date +%Z",
            "df -P / | tail -n 1 | wc -l",
            "awk 'BEGIN { print \"awk works\" }'");
    assertThat(out.lines().takeWhile(l -> !l.startsWith("ip-")).toList())
        .containsExactly(
            "alternatives",
            "group",
            "hostname",
            "hosts",
            "ld.so.cache",
            "localtime",
            "mtab",
            "nsswitch.conf",
            "os-release",
            "passwd",
            "resolv.conf");
    assertThat(out)
        .contains(
            quiet.hostname() + "\n",
            "ID=amzn\nVERSION_ID=\"2023\"\n",
            "\n0\nCapEff:\t0000000000000000\nno-shadow\n",
            "root daemon ssm-user nobody \n",
            "UTC\n1\nawk works\n");
  }
}
