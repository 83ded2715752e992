package io.ssmflow.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.ActivityRetries;
import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.activities.command.CommandActivitiesImpl;
import io.ssmflow.workflows.audit.AuditActivities;
import io.ssmflow.workflows.audit.AuditBatch;
import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.AuditStepRequest;
import io.ssmflow.workflows.audit.AuditStepResult;
import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.CheckRule;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.InstanceAudit;
import io.ssmflow.workflows.audit.RuleKind;
import io.ssmflow.workflows.audit.Severity;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit activity against the simulator through the real SDK: shell-mode instances run the
 * real check commands in their sandboxes; fault rules append realistic output (an sshd_config
 * line, a full filesystem) as the instance would print it.
 */
class AuditActivitiesImplTest {
  private static final String FLEET = """
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

  /** An instance id SSM does not know: a terminated instance. */
  private static final String TERMINATED = "i-0123456789abcdef0";

  @RegisterExtension
  static final SimulatorFixture<AuditActivities> FIXTURE = new SimulatorFixture<>(FLEET,
      AuditActivities.class,
      sim -> new AuditActivitiesImpl(sim.ssm(), new CommandActivitiesImpl(sim.ssm())));

  private static final AuditCheck CUSTOM = new AuditCheck("whoami", false,
      List.of("echo \"instance: $INSTANCE_ID\""), 30,
      List.of(new CheckRule(RuleKind.MATCH, "^instance: (i-[0-9a-f]+)$", Severity.LOW,
          "instance-marker", "saw {1}")), "Nothing to do.");

  private static List<AuditCheck> checks() {
    List<AuditCheck> checks = new ArrayList<>(BuiltInChecks.all());
    checks.add(CUSTOM);
    return checks;
  }

  /** Calls runChecks as the workflow does until every instance is done. */
  private static Result runAll(String key, List<String> ids) {
    AuditActivities a = FIXTURE.activities();
    List<AuditBatch> pending = new ArrayList<>();
    Map<String, InstanceAudit> audited = new TreeMap<>();
    Map<String, String> notChecked = new TreeMap<>();
    AuditStepResult first = a.runChecks(new AuditStepRequest(key, ids, checks(), List.of(),
        Duration.ofSeconds(10), Duration.ofMillis(200)));
    pending.add(first.started());
    AuditStepResult step = first;
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      step.audited().forEach(x -> audited.put(x.instanceId(), x));
      step.notChecked().forEach(x -> notChecked.put(x.instanceId(), x.reason()));
      Set<String> done = new HashSet<>(audited.keySet());
      done.addAll(notChecked.keySet());
      List<String> left = ids.stream().filter(id -> !done.contains(id)).toList();
      if (left.isEmpty()) {
        return new Result(first.started(), audited, notChecked);
      }
      assertThat(System.nanoTime()).as("audit ends within a minute").isLessThan(end);
      step = a.runChecks(new AuditStepRequest(null, List.of(), checks(),
          List.of(new AuditBatch(first.started().commandIds(), left)), Duration.ofSeconds(10),
          Duration.ofMillis(200)));
    }
  }

  record Result(AuditBatch batch, Map<String, InstanceAudit> audited,
      Map<String, String> notChecked) {}

  @Test
  void realCommandsAreParsedIntoFindingsInsideTheActivity() {
    String web1 = FIXTURE.id("web-1");
    String web2 = FIXTURE.id("web-2");
    Result r = runAll("audit-test/r1/b0", List.of(web1, web2));

    assertThat(r.batch().commandIds()).hasSize(checks().size());
    InstanceAudit one = r.audited().get(web1);
    assertThat(one.findings()).extracting(Finding::type, Finding::severity)
        .contains(org.assertj.core.groups.Tuple.tuple("ssh-root-login", Severity.HIGH),
            org.assertj.core.groups.Tuple.tuple("disk-full", Severity.MEDIUM),
            org.assertj.core.groups.Tuple.tuple("instance-marker", Severity.LOW))
        .doesNotContain(org.assertj.core.groups.Tuple.tuple("monitoring-agent-missing",
            Severity.LOW));
    assertThat(one.findings()).filteredOn(f -> f.type().equals("instance-marker"))
        .extracting(Finding::message).containsExactly("saw " + web1);
    assertThat(one.findings()).filteredOn(f -> f.type().equals("disk-full"))
        .extracting(Finding::message)
        .containsExactly("filesystem /data (/dev/nvme1n1) is 93% full");

    InstanceAudit two = r.audited().get(web2);
    assertThat(two.findings()).extracting(Finding::type)
        .contains("monitoring-agent-missing", "instance-marker")
        .doesNotContain("ssh-root-login", "disk-full");
    // Only findings come back: no raw output (df's table, sshd_config comments) in the result.
    assertThat(r.audited().toString()).doesNotContain("Filesystem", "Mounted on", "Listing");
  }

  /** The real audit activities, with a first attempt whose worker dies after sending. */
  static final class DiesAfterSending implements AuditActivities {
    final AuditActivities real;
    volatile AuditStepResult firstAnswer;

    DiesAfterSending(AuditActivities real) {
      this.real = real;
    }

    @Override
    public AuditStepResult runChecks(AuditStepRequest request) {
      AuditStepResult answer = real.runChecks(request);
      if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
        firstAnswer = answer;
        throw new IllegalStateException("test: the worker died after sending the checks");
      }
      return answer;
    }
  }

  @Test
  void aRetriedStartFindsTheCommandsItsFirstAttemptSent() {
    String web2 = FIXTURE.id("web-2");
    AuditStepRequest start = new AuditStepRequest("audit-test/r2/b0", List.of(web2), checks(),
        List.of(), Duration.ZERO, Duration.ZERO);
    DiesAfterSending flaky = new DiesAfterSending(new AuditActivitiesImpl(FIXTURE.sim().ssm(),
        new CommandActivitiesImpl(FIXTURE.sim().ssm())));
    java.time.Instant before = java.time.Instant.now().minusSeconds(1);
    AuditStepResult again;
    try (ActivityRetries retries = new ActivityRetries(flaky)) {
      again = retries.call("RunChecks", start, AuditStepResult.class);
    }

    assertThat(again.started()).isEqualTo(flaky.firstAnswer.started());
    List<String> sent = FIXTURE.sim().ssm().listCommandsPaginator(b -> b.instanceId(web2)
        .filters(f -> f.key("InvokedAfter").value(before.toString()))).commands().stream()
        .map(c -> c.commandId()).toList();
    assertThat(sent).as("one command per check, not two")
        .containsExactlyInAnyOrderElementsOf(again.started().commandIds());
  }

  @Test
  void aBatchSsmRejectsIsReportedNotRetriedForever() {
    AuditStepResult r = FIXTURE.activities().runChecks(new AuditStepRequest("audit-test/r4/b0",
        List.of(TERMINATED), checks(), List.of(), Duration.ZERO, Duration.ZERO));
    assertThat(r.started()).isNull();
    assertThat(r.notChecked()).singleElement().satisfies(s -> {
      assertThat(s.instanceId()).isEqualTo(TERMINATED);
      assertThat(s.reason()).startsWith("command failed: SendCommand refused it"
          + " (InvalidInstanceId");
    });
  }

  @Test
  void refusedInstancesAreNotCheckedWithTheirReasonAndTheRestOfTheBatchIsAudited() {
    String web2 = FIXTURE.id("web-2");
    String web3 = FIXTURE.id("web-3");
    Result r = runAll("audit-test/r5/b0", List.of(TERMINATED, web2, web3));

    assertThat(r.audited()).containsOnlyKeys(web2);
    assertThat(r.notChecked()).containsOnlyKeys(TERMINATED, web3);
    assertThat(r.notChecked().get(TERMINATED)).startsWith("command failed: SendCommand refused"
        + " the batch (InvalidInstanceId").contains("SSM does not manage this instance");
    // An audit batch has one command per check: the offline agent is not sent apart.
    assertThat(r.notChecked().get(web3)).contains("SSM agent is ConnectionLost");
    assertThat(r.batch().instanceIds()).containsExactly(web2);
    for (String commandId : r.batch().commandIds()) {
      assertThat(FIXTURE.sim().ssm().listCommands(b -> b.commandId(commandId)).commands()
          .get(0).instanceIds()).containsExactly(web2);
    }
  }

  @Test
  void anOfflineInstanceIsNotCheckedWithTheReason() {
    FIXTURE.sim().admin("POST", "/_sim/commands/settings", "{\"timeoutScale\": 0.01}");
    try {
      String web3 = FIXTURE.id("web-3");
      Result r = runAll("audit-test/r3/b0", List.of(web3));
      assertThat(r.audited()).isEmpty();
      assertThat(r.notChecked()).containsOnlyKeys(web3);
      assertThat(r.notChecked().get(web3)).isIn("delivery timed out", "undeliverable");
    } finally {
      FIXTURE.sim().admin("POST", "/_sim/commands/settings", "{\"timeoutScale\": 1}");
    }
  }

}
