package io.ssmflow.workflows.audit;

import static io.ssmflow.workflows.audit.AuditFixture.ids;
import static io.ssmflow.workflows.audit.AuditFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.ssmflow.workflows.audit.FakeAudits.Outcome;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.notify.MetricDatum;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Fleet audits under time skipping with a fake check runner. */
class InfrastructureAuditWorkflowTest {
  private static final Finding ROOT = new Finding("ssh", "ssh-root-login", Severity.HIGH,
      "sshd permits root login (PermitRootLogin yes)");
  private static final Finding DISK = new Finding("disk", "disk-full", Severity.MEDIUM,
      "filesystem /data (/dev/nvme1n1) is 93% full");
  private static final Finding AGENT = new Finding("agents", "monitoring-agent-missing",
      Severity.LOW, "monitoring agent amazon-cloudwatch-agent is not installed");

  /** i-...1: root login + agent; i-...2: disk + agent; i-...3: delivery timed out; rest clean. */
  private static Outcome fleet(String id) {
    return switch (id) {
      case "i-00000000000000001" -> Outcome.found(ROOT, AGENT);
      case "i-00000000000000002" -> Outcome.found(DISK, AGENT);
      case "i-00000000000000003" -> Outcome.notChecked("delivery timed out");
      default -> Outcome.found();
    };
  }

  @Test
  void findingsSummaryRecommendationsAndNotCheckedInstances() {
    try (AuditFixture f = new AuditFixture(8, InfrastructureAuditWorkflowTest::fleet)) {
      AuditResult r = f.run(request("25%", List.of(), 0));

      assertThat(r.checks()).isEqualTo(BuiltInChecks.NAMES);
      assertThat(r.checkedCount()).isEqualTo(7);
      assertThat(r.bySeverity()).isEqualTo(Map.of("HIGH", 1, "MEDIUM", 1, "LOW", 2));
      assertThat(r.byCheck()).containsEntry("ssh", 1).containsEntry("disk", 1)
          .containsEntry("agents", 2).containsEntry("load", 0).hasSize(6);
      assertThat(r.instances()).hasSize(7);
      assertThat(r.instances().get(0).findings()).containsExactly(ROOT, AGENT);
      assertThat(r.notChecked()).containsExactly(
          new SkippedInstance("i-00000000000000003", "delivery timed out"),
          new SkippedInstance(AuditFixture.OFFLINE, "SSM agent ConnectionLost"));
      assertThat(r.recommendations()).extracting(Recommendation::type, Recommendation::instances)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("ssh-root-login", 1),
              org.assertj.core.groups.Tuple.tuple("disk-full", 1),
              org.assertj.core.groups.Tuple.tuple("monitoring-agent-missing", 2));
      assertThat(r.recommendations().get(0).text()).contains("PermitRootLogin no");
      assertThat(r.cancelled()).isFalse();
      // 25% of 8: at most 2 instances in flight, batches of at most 2.
      assertThat(f.audits.maxInFlight.get()).isEqualTo(2);
      assertThat(f.audits.batches).allMatch(b -> b.size() <= 2);
      assertThat(f.audits.startedInstances()).isEqualTo(8);
      // The checks go to the activity; built-ins by name only.
      assertThat(f.audits.calls.get(0).checks()).allMatch(c -> c.builtIn() && c.commands()
          .isEmpty());

      verify(f.notify).publish(eq(AuditFixture.TOPIC),
          eq("ssmflow audit staging: 1 high, 1 medium, 2 low"), contains("Recommendations:"));
      @SuppressWarnings("unchecked")
      ArgumentCaptor<List<MetricDatum>> data = ArgumentCaptor.forClass(List.class);
      verify(f.notify).putMetrics(eq("ssmflow"),
          eq(Map.of("Operation", "audit", "Environment", "staging")), data.capture());
      assertThat(data.getValue()).extracting(MetricDatum::name, MetricDatum::value)
          .startsWith(org.assertj.core.groups.Tuple.tuple("FindingsHigh", 1.0),
              org.assertj.core.groups.Tuple.tuple("FindingsMedium", 1.0),
              org.assertj.core.groups.Tuple.tuple("FindingsLow", 2.0));
    }
  }

  @Test
  void customYamlCheckTravelsToTheActivityAndGetsItsRecommendation() {
    AuditCheck custom = new AuditCheck("tmp-perms", false, List.of("stat -c %a /tmp"), 30,
        List.of(new CheckRule(RuleKind.MATCH, "^777$", Severity.MEDIUM, "tmp-no-sticky",
            "/tmp is {line} without the sticky bit")), "chmod 1777 /tmp");
    Finding found = new Finding("tmp-perms", "tmp-no-sticky", Severity.MEDIUM,
        "/tmp is 777 without the sticky bit");
    try (AuditFixture f = new AuditFixture(3, id -> Outcome.found(found))) {
      AuditResult r = f.run(request("100%", List.of(AuditCheck.builtIn("ssh"), custom), 0));

      assertThat(f.audits.calls.get(0).checks()).containsExactly(AuditCheck.builtIn("ssh"),
          custom);
      assertThat(r.byCheck()).isEqualTo(Map.of("ssh", 0, "tmp-perms", 3));
      assertThat(r.recommendations()).singleElement().satisfies(x -> {
        assertThat(x.text()).isEqualTo("chmod 1777 /tmp");
        assertThat(x.instances()).isEqualTo(3);
      });
      // 100% of 3: one batch.
      assertThat(f.audits.batches).containsExactly(ids(3));
    }
  }

  @Test
  void invalidChecksFailTheWorkflowBeforeAnythingRuns() {
    AuditCheck bad = new AuditCheck("bad", false, List.of("true"), 0,
        List.of(new CheckRule(RuleKind.MATCH, "([", Severity.LOW, null, "x")), null);
    try (AuditFixture f = new AuditFixture(2, id -> Outcome.found())) {
      assertThatThrownBy(() -> f.run(request("25%", List.of(bad), 0)))
          .isInstanceOf(WorkflowFailedException.class)
          .rootCause().hasMessageContaining("bad regex");
      assertThat(f.audits.calls).isEmpty();
    }
  }

  @Test
  void instancesNotStartedByTheCutoffAreListedAsCutoff() {
    try (AuditFixture f = new AuditFixture(6, id -> Outcome.found())) {
      // The first batch's start fails four times: the retries' backoff (1+2+4+8 s, skipped)
      // carries workflow time past the cutoff, 10 s after the start.
      f.audits.failFirstAttempts = 4;
      long cutoff = f.env.currentTimeMillis() + 10_000;
      AuditResult r = f.run(request("2", List.of(), cutoff));

      assertThat(f.audits.batches).containsExactly(ids(2));
      assertThat(r.checkedCount()).isEqualTo(2);
      assertThat(r.notChecked()).filteredOn(s -> s.reason().equals("cutoff"))
          .extracting(SkippedInstance::instanceId).containsExactlyElementsOf(
              ids(6).subList(2, 6));
    }
  }

  @Test
  void aCutoffAlreadyPastChecksNothing() {
    try (AuditFixture f = new AuditFixture(3, id -> Outcome.found())) {
      AuditResult r = f.run(request("25%", List.of(), f.env.currentTimeMillis() - 1));
      assertThat(r.checkedCount()).isZero();
      assertThat(r.notChecked()).filteredOn(s -> s.reason().equals("cutoff")).hasSize(3);
      assertThat(f.audits.calls).isEmpty();
    }
  }

  @Test
  void cancelStopsLaunchingCancelsCommandsInFlightAndStillReports() throws Exception {
    try (AuditFixture f = new AuditFixture(10, id -> Outcome.found())) {
      f.audits.hold = true;
      InfrastructureAuditWorkflow wf = f.stub();
      WorkflowClient.start(wf::audit, request("2", List.of(), 0));
      assertThat(f.audits.holding.await(20, TimeUnit.SECONDS)).isTrue();
      WorkflowStub untyped = WorkflowStub.fromTyped(wf);
      untyped.cancel();

      assertThatThrownBy(() -> untyped.getResult(AuditResult.class))
          .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
      for (AuditCheck c : BuiltInChecks.all()) {
        verify(f.commands, timeout(5_000)).cancelCommand(
            eq("cmd-" + f.audits.calls.get(0).batchKey() + "-" + c.name()), eq(ids(2)));
      }
      verify(f.notify, timeout(5_000)).publish(eq(AuditFixture.TOPIC),
          eq("ssmflow audit staging: 0 high, 0 medium, 0 low (cancelled)"), anyString());
      assertThat(f.audits.startedInstances()).isEqualTo(2);
    }
  }

  @Test
  void progressQueryAnswersWhileRunning() throws Exception {
    try (AuditFixture f = new AuditFixture(4, id -> Outcome.found())) {
      f.audits.hold = true;
      InfrastructureAuditWorkflow wf = f.stub();
      WorkflowClient.start(wf::audit, request("2", List.of(), 0));
      assertThat(f.audits.holding.await(20, TimeUnit.SECONDS)).isTrue();
      AuditProgress p = f.client.newWorkflowStub(InfrastructureAuditWorkflow.class,
          f.workflowId()).progress();
      assertThat(p.phase()).isEqualTo("checking");
      assertThat(p.eligible()).isEqualTo(4);
      assertThat(p.notChecked()).isEqualTo(1);
    }
  }
}
