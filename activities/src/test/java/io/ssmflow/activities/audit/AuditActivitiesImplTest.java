package io.ssmflow.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.activities.command.CommandActivitiesImpl;
import io.ssmflow.workflows.audit.AuditActivities;
import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.CheckCommand;
import io.ssmflow.workflows.audit.CheckRule;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.FindingsRequest;
import io.ssmflow.workflows.audit.FindingsResult;
import io.ssmflow.workflows.audit.InstanceAudit;
import io.ssmflow.workflows.audit.InstanceRuns;
import io.ssmflow.workflows.audit.RuleKind;
import io.ssmflow.workflows.audit.Severity;
import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.SendResult;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleetrun.StepRun;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit activity against the simulator through the real SDK: shell-mode instances run the real
 * check commands (as the fleet-run engine sends them, one command per check) in their sandboxes;
 * fault rules append realistic output (an sshd_config line, a full filesystem) as the instance
 * would print it. {@code readFindings} then fetches and parses what they printed.
 */
class AuditActivitiesImplTest {
  private static final String FLEET =
      """
      instances:
        - name: web-1
          mode: shell
          files: {/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent: "#!/bin/sh\\n"}
          faults:
            - match: 'sshd_config'
              stdout: 'PermitRootLogin yes'
            - match: 'df -P'
              stdout: '/dev/nvme1n1 103080224 95830000 7250224 93% /data'
        - name: web-2
          mode: shell
        - name: web-3
          mode: shell
          pingStatus: ConnectionLost
      """;

  @RegisterExtension
  static final SimulatorFixture<AuditActivities> FIXTURE =
      new SimulatorFixture<>(
          FLEET, AuditActivities.class, sim -> new AuditActivitiesImpl(sim.ssm()));

  private static final AuditCheck CUSTOM =
      new AuditCheck(
          "whoami",
          false,
          List.of("echo \"instance: $INSTANCE_ID\""),
          30,
          List.of(
              new CheckRule(
                  RuleKind.MATCH,
                  "^instance: (i-[0-9a-f]+)$",
                  Severity.LOW,
                  "instance-marker",
                  "saw {1}")),
          "Nothing to do.");
  private static final AtomicInteger RUNS = new AtomicInteger();

  private TestActivityEnvironment commandEnv;
  private CommandActivities commands;

  @BeforeEach
  void commands() {
    commandEnv = ActivityTesting.environment(new CommandActivitiesImpl(FIXTURE.sim().ssm()));
    commands = ActivityTesting.stub(commandEnv, CommandActivities.class);
  }

  @AfterEach
  void closeCommands() {
    commandEnv.close();
  }

  private static List<AuditCheck> checks() {
    List<AuditCheck> checks = new ArrayList<>(BuiltInChecks.all());
    checks.add(CUSTOM);
    return checks;
  }

  /**
   * Runs each check's command (from checkCommands) on the instances, one command per check as the
   * engine sends them, until every invocation ended; answers each instance's runs.
   */
  private List<InstanceRuns> runChecks(List<AuditCheck> checks, List<String> ids) {
    String run = "audit-test/r" + RUNS.incrementAndGet();
    Map<String, List<StepRun>> runs = new LinkedHashMap<>();
    ids.forEach(id -> runs.put(id, new ArrayList<>()));
    for (CheckCommand c : FIXTURE.activities().checkCommands(checks)) {
      SendResult sent =
          commands.sendShellCommand(
              new SendCommandRequest(
                  run + "/" + c.check(),
                  "audit " + c.check(),
                  ids,
                  c.commands(),
                  c.timeoutSeconds(),
                  30));
      assertThat(sent.rejected()).isEmpty();
      String commandId = sent.commands().get(0).commandId();
      for (InvocationOutcome o : awaitAll(commandId, ids)) {
        runs.get(o.instanceId()).add(new StepRun(c.check(), commandId, o.status()));
      }
    }
    List<InstanceRuns> out = new ArrayList<>();
    runs.forEach((id, r) -> out.add(new InstanceRuns(id, r)));
    return out;
  }

  private List<InvocationOutcome> awaitAll(String commandId, List<String> ids) {
    Set<String> pending = new LinkedHashSet<>(ids);
    List<InvocationOutcome> out = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!pending.isEmpty()) {
      assertThat(System.nanoTime()).as("checks end within 90 s").isLessThan(end);
      for (InvocationOutcome o :
          commands
              .awaitInvocations(
                  new AwaitRequest(
                      List.of(new PendingCommand(commandId, new ArrayList<>(pending))),
                      Duration.ofSeconds(10),
                      Duration.ofMillis(200)))
              .finished()) {
        if (pending.remove(o.instanceId())) {
          out.add(o);
        }
      }
    }
    return out;
  }

  private static FindingsResult read(List<AuditCheck> checks, List<InstanceRuns> runs) {
    return FIXTURE.activities().readFindings(new FindingsRequest(checks, runs));
  }

  @Test
  void checkCommandsAreTheCatalogsAndTheCustomChecksOwn() {
    AuditCheck untimed = new AuditCheck("untimed", false, List.of("true"), 0, CUSTOM.rules(), null);
    List<CheckCommand> commands =
        FIXTURE.activities().checkCommands(List.of(AuditCheck.builtIn("ssh"), CUSTOM, untimed));

    assertThat(commands)
        .extracting(CheckCommand::check, CheckCommand::timeoutSeconds)
        .containsExactly(tuple("ssh", 60), tuple("whoami", 30), tuple("untimed", 120));
    assertThat(commands.get(0).commands()).anyMatch(l -> l.contains("sshd_config"));
    assertThat(commands.get(1).commands()).isEqualTo(CUSTOM.commands());
  }

  @Test
  void checkCommandsRefusesAnInvalidCheckOnce() {
    AuditCheck bad =
        new AuditCheck(
            "bad",
            false,
            List.of("true"),
            0,
            List.of(new CheckRule(RuleKind.MATCH, "([", Severity.LOW, null, "x")),
            null);
    assertThatThrownBy(() -> FIXTURE.activities().checkCommands(List.of(bad)))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(
            e -> {
              assertThat(((ApplicationFailure) e).getType()).isEqualTo("InvalidInput");
              assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue();
            });
  }

  @Test
  void realOutputsAreParsedIntoFindingsInsideTheActivity() {
    String web1 = FIXTURE.id("web-1");
    String web2 = FIXTURE.id("web-2");
    List<InstanceRuns> runs = runChecks(checks(), List.of(web1, web2));
    assertThat(runs).allSatisfy(r -> assertThat(r.runs()).hasSize(checks().size()));

    FindingsResult r = read(checks(), runs);

    assertThat(r.notChecked()).isEmpty();
    Map<String, InstanceAudit> byId = new LinkedHashMap<>();
    r.audited().forEach(a -> byId.put(a.instanceId(), a));
    InstanceAudit one = byId.get(web1);
    assertThat(one.findings())
        .extracting(Finding::type, Finding::severity)
        .contains(
            tuple("ssh-root-login", Severity.HIGH),
            tuple("disk-full", Severity.MEDIUM),
            tuple("instance-marker", Severity.LOW))
        .doesNotContain(tuple("monitoring-agent-missing", Severity.LOW));
    assertThat(one.findings())
        .filteredOn(f -> f.type().equals("instance-marker"))
        .extracting(Finding::message)
        .containsExactly("saw " + web1);
    assertThat(one.findings())
        .filteredOn(f -> f.type().equals("disk-full"))
        .extracting(Finding::message)
        .containsExactly("filesystem /data (/dev/nvme1n1) is 93% full");

    InstanceAudit two = byId.get(web2);
    assertThat(two.findings())
        .extracting(Finding::type)
        .contains("monitoring-agent-missing", "instance-marker")
        .doesNotContain("ssh-root-login", "disk-full");
    // Only findings come back: no raw output (df's table, sshd_config comments) in the result.
    assertThat(r.toString()).doesNotContain("Filesystem", "Mounted on", "Listing");
  }

  @Test
  void theChecksOfAnUndeliveredInstanceAreNotReadAndItIsNotChecked() {
    FIXTURE.sim().admin("POST", "/_sim/commands/settings", "{\"timeoutScale\": 0.01}");
    try {
      String web3 = FIXTURE.id("web-3");
      List<AuditCheck> ssh = List.of(AuditCheck.builtIn("ssh"));
      List<InstanceRuns> runs = runChecks(ssh, List.of(web3));
      assertThat(runs.get(0).runs())
          .extracting(StepRun::status)
          .singleElement()
          .isIn(InvocationStatus.DELIVERY_TIMED_OUT, InvocationStatus.UNDELIVERABLE);

      FindingsResult r = read(ssh, runs);
      assertThat(r.audited()).isEmpty();
      assertThat(r.notChecked())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.instanceId()).isEqualTo(web3);
                assertThat(s.reason()).isIn("delivery timed out", "undeliverable");
              });
    } finally {
      FIXTURE.sim().admin("POST", "/_sim/commands/settings", "{\"timeoutScale\": 1}");
    }
  }

  @Test
  void checksWithoutVerdictAreErrorsAndAnInstanceWithNoVerdictAtAllIsNotChecked() {
    String web2 = FIXTURE.id("web-2");
    List<AuditCheck> two = List.of(AuditCheck.builtIn("load"), CUSTOM);
    StepRun loadRan =
        runChecks(List.of(AuditCheck.builtIn("load")), List.of(web2)).get(0).runs().get(0);
    assertThat(loadRan.status()).isEqualTo(InvocationStatus.SUCCESS);

    FindingsResult r =
        read(
            two,
            List.of(
                // load ran; the custom check timed out: findings of load (none) and one check
                // error.
                new InstanceRuns(
                    web2,
                    List.of(
                        loadRan,
                        new StepRun(
                            "whoami",
                            "0b1c2d3e-0000-4000-8000-000000000001",
                            InvocationStatus.TIMED_OUT))),
                // Every check timed out: nothing to say about this one.
                new InstanceRuns(
                    "i-0000000000000aaaa",
                    List.of(
                        new StepRun(
                            "load",
                            "0b1c2d3e-0000-4000-8000-000000000002",
                            InvocationStatus.TIMED_OUT),
                        new StepRun(
                            "whoami",
                            "0b1c2d3e-0000-4000-8000-000000000002",
                            InvocationStatus.TIMED_OUT))),
                // A check SSM has no output of, the other never sent.
                new InstanceRuns(
                    "i-0000000000000bbbb",
                    List.of(
                        new StepRun(
                            "load",
                            "0b1c2d3e-0000-4000-8000-000000000003",
                            InvocationStatus.SUCCESS)))));

    assertThat(r.audited())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.instanceId()).isEqualTo(web2);
              assertThat(a.checkErrors()).containsExactly("whoami: command timed out");
            });
    assertThat(r.notChecked())
        .extracting(SkippedInstance::instanceId, SkippedInstance::reason)
        .containsExactly(
            tuple("i-0000000000000aaaa", "command failed: load: command timed out"),
            tuple("i-0000000000000bbbb", r.notChecked().get(1).reason()));
    assertThat(r.notChecked().get(1).reason())
        .startsWith("command failed: load: output not" + " found (");
  }
}
