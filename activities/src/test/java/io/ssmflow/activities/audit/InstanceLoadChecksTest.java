package io.ssmflow.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.Severity;
import io.ssmflow.workflows.patch.PatchDefaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;

/**
 * The patch health check and the audit's load check read the simulated instance's load, not the
 * host's: a quiet instance (the fleet's default) passes on any host, however busy, and an instance
 * whose fleet entry says it is loaded fails the health check and gets a HIGH finding.
 */
class InstanceLoadChecksTest {
  private static TestSimulator sim;

  @BeforeAll
  static void start() {
    TestSandbox.assumeIsolated();
    sim =
        TestSimulator.start(
            """
        instances:
          - {name: quiet, mode: shell}
          - {name: overloaded, mode: shell, loadAverage: "900 800 700"}
        """);
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private static GetCommandInvocationResponse run(String name, List<String> commands) {
    String id = sim.simulator().fleet().instanceByIdOrName(name).orElseThrow().id();
    String cid =
        sim.ssm()
            .sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .parameters(Map.of("commands", commands)))
            .command()
            .commandId();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        GetCommandInvocationResponse r =
            sim.ssm().getCommandInvocation(b -> b.commandId(cid).instanceId(id));
        if (Set.of("Success", "Failed", "TimedOut").contains(r.statusAsString())) {
          return r;
        }
      } catch (InvocationDoesNotExistException notYet) {
        // SSM's eventual consistency
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
  void theDefaultHealthCheckSeesTheInstancesLoad() {
    GetCommandInvocationResponse quiet = run("quiet", PatchDefaults.HEALTH_CHECK);
    assertThat(quiet.statusAsString()).as(quiet.standardOutputContent()).isEqualTo("Success");
    assertThat(quiet.standardOutputContent()).contains("load: 0.08 on ");

    GetCommandInvocationResponse overloaded = run("overloaded", PatchDefaults.HEALTH_CHECK);
    assertThat(overloaded.statusAsString()).isEqualTo("Failed");
    assertThat(overloaded.standardOutputContent()).contains("UNHEALTHY load: 900.00 on ");
  }

  @Test
  void theAuditLoadCheckSeesTheInstancesLoad() throws Exception {
    BuiltInCheckCatalog.BuiltIn load = BuiltInCheckCatalog.get(BuiltInChecks.LOAD);
    assertThat(
            load.parser()
                .parse(CheckOutput.of(run("quiet", load.commands()).standardOutputContent())))
        .isEmpty();
    List<Finding> findings =
        load.parser()
            .parse(CheckOutput.of(run("overloaded", load.commands()).standardOutputContent()));
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.message()).startsWith("5-minute load average 800.00 above");
            });
  }
}
