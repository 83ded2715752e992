package io.ssmflow.workflows.audit;

import static io.ssmflow.workflows.audit.AuditFixture.ids;
import static io.ssmflow.workflows.audit.AuditFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.ssmflow.workflows.audit.FakeAudits.Outcome;
import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.command.TickingInvocations;
import io.ssmflow.workflows.deploy.FakeCommands;
import io.ssmflow.workflows.deploy.FakeCommands.Result;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleetrun.StepRun;
import io.ssmflow.workflows.notify.MetricDatum;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Fleet audits on the fleet-run engine under time skipping, with fake SSM and a fake reader. */
class InfrastructureAuditWorkflowTest {
  private static final Finding ROOT =
      new Finding(
          "ssh", "ssh-root-login", Severity.HIGH, "sshd permits root login (PermitRootLogin yes)");
  private static final Finding DISK =
      new Finding(
          "disk", "disk-full", Severity.MEDIUM, "filesystem /data (/dev/nvme1n1) is 93% full");
  private static final Finding AGENT =
      new Finding(
          "agents",
          "monitoring-agent-missing",
          Severity.LOW,
          "monitoring agent amazon-cloudwatch-agent is not installed");
  private static final String UNREACHABLE = "i-00000000000000003";

  /** i-...1: root login + agent; i-...2: disk + agent; the rest clean. */
  private static Outcome fleet(String id) {
    return switch (id) {
      case "i-00000000000000001" -> Outcome.found(ROOT, AGENT);
      case "i-00000000000000002" -> Outcome.found(DISK, AGENT);
      default -> Outcome.found();
    };
  }

  /** i-...3's first check is never delivered; every other command succeeds. */
  private static Result unreachableThird(String id, String step, int attempt) {
    return id.equals(UNREACHABLE)
        ? new Result(InvocationStatus.DELIVERY_TIMED_OUT, -1, 1)
        : Result.ok(1 + Math.floorMod((id + step).hashCode(), 3));
  }

  @Test
  void findingsSummaryRecommendationsAndNotCheckedInstances() {
    try (AuditFixture f =
        new AuditFixture(
            8,
            InfrastructureAuditWorkflowTest::unreachableThird,
            FakeAudits.byId(InfrastructureAuditWorkflowTest::fleet))) {
      AuditResult r = f.run(request("25%", List.of(), 0));

      assertThat(r.checks()).isEqualTo(BuiltInChecks.NAMES);
      assertThat(r.checkedCount()).isEqualTo(7);
      assertThat(r.bySeverity()).isEqualTo(Map.of("HIGH", 1, "MEDIUM", 1, "LOW", 2));
      assertThat(r.byCheck())
          .containsEntry("ssh", 1)
          .containsEntry("disk", 1)
          .containsEntry("agents", 2)
          .containsEntry("load", 0)
          .hasSize(6);
      assertThat(r.instances()).hasSize(7);
      assertThat(r.instances().get(0).findings()).containsExactly(ROOT, AGENT);
      assertThat(r.notChecked())
          .containsExactly(
              new SkippedInstance(UNREACHABLE, "delivery timed out"),
              new SkippedInstance(AuditFixture.OFFLINE, "SSM agent ConnectionLost"));
      assertThat(r.recommendations())
          .extracting(Recommendation::type, Recommendation::instances)
          .containsExactly(
              tuple("ssh-root-login", 1),
              tuple("disk-full", 1),
              tuple("monitoring-agent-missing", 2));
      assertThat(r.recommendations().get(0).text()).contains("PermitRootLogin no");
      assertThat(r.cancelled()).isFalse();

      // One pass of the engine: 25% of 8 is 2 instances in flight; each ran every check in
      // order, one command per check (the unreachable one stopped at its undelivered first).
      assertThat(f.commands.maxInFlight()).isEqualTo(2);
      for (String id : ids(8)) {
        assertThat(f.commands.steps(id))
            .as(id)
            .isEqualTo(id.equals(UNREACHABLE) ? List.of("ssh") : BuiltInChecks.NAMES);
      }
      assertThat(f.commands.sends())
          .allSatisfy(
              s -> {
                assertThat(s.label()).startsWith("audit ");
                assertThat(s.deliveryTimeoutSeconds()).isEqualTo(300);
                assertThat(s.commands())
                    .containsExactly("echo " + TickingInvocations.stepOf(s.label()));
              });
      // The commands were asked once; the findings were read for the 7 whose checks ran, each
      // with one run (command id, status) per check, and never for the unreachable one.
      assertThat(f.audits.commandCalls).hasSize(1);
      assertThat(f.audits.readInstances()).isEqualTo(7);
      assertThat(f.audits.readRuns).doesNotContainKey(UNREACHABLE);
      assertThat(f.audits.readRuns.get(ids(1).get(0)).runs())
          .extracting(StepRun::step, StepRun::status)
          .containsExactlyElementsOf(
              BuiltInChecks.NAMES.stream().map(n -> tuple(n, InvocationStatus.SUCCESS)).toList());
      assertThat(f.audits.readRuns.get(ids(1).get(0)).runs())
          .extracting(StepRun::commandId)
          .doesNotHaveDuplicates()
          .allMatch(c -> c.startsWith("cmd-"));
      // Built-ins by name only: their commands stay in the activity.
      assertThat(f.audits.reads.get(0).checks())
          .allMatch(c -> c.builtIn() && c.commands().isEmpty());

      verify(f.notify)
          .publish(
              eq(AuditFixture.TOPIC),
              eq("ssmflow audit staging: 1 high, 1 medium, 2 low"),
              contains("Recommendations:"));
      @SuppressWarnings("unchecked")
      ArgumentCaptor<List<MetricDatum>> data = ArgumentCaptor.forClass(List.class);
      verify(f.notify)
          .putMetrics(
              eq("ssmflow"),
              eq(Map.of("Operation", "audit", "Environment", "staging")),
              data.capture());
      assertThat(data.getValue())
          .extracting(MetricDatum::name, MetricDatum::value)
          .containsExactly(
              tuple("FindingsHigh", 1.0),
              tuple("FindingsMedium", 1.0),
              tuple("FindingsLow", 2.0),
              tuple("InstancesChecked", 7.0),
              tuple("InstancesNotChecked", 2.0));
    }
  }

  @Test
  void customYamlCheckRunsItsOwnCommandAndGetsItsRecommendation() {
    AuditCheck custom =
        new AuditCheck(
            "tmp-perms",
            false,
            List.of("stat -c %a /tmp"),
            30,
            List.of(
                new CheckRule(
                    RuleKind.MATCH,
                    "^777$",
                    Severity.MEDIUM,
                    "tmp-no-sticky",
                    "/tmp is {line} without the sticky bit")),
            "chmod 1777 /tmp");
    Finding found =
        new Finding(
            "tmp-perms", "tmp-no-sticky", Severity.MEDIUM, "/tmp is 777 without the sticky bit");
    try (AuditFixture f = new AuditFixture(3, id -> Outcome.found(found))) {
      AuditResult r = f.run(request("100%", List.of(AuditCheck.builtIn("ssh"), custom), 0));

      assertThat(f.audits.commandCalls).containsExactly(List.of(AuditCheck.builtIn("ssh"), custom));
      // 100% of 3: the first check goes to all three at once; the custom one with its own
      // command and timeout (each instance moves on when its own check ends).
      assertThat(f.commands.sends().get(0))
          .extracting(
              SendCommandRequest::label,
              SendCommandRequest::instanceIds,
              SendCommandRequest::commands,
              SendCommandRequest::executionTimeoutSeconds)
          .isEqualTo(List.of("audit ssh", ids(3), List.of("echo ssh"), 60));
      assertThat(f.commands.sends().subList(1, f.commands.sends().size()))
          .allSatisfy(
              x -> {
                assertThat(x.label()).isEqualTo("audit tmp-perms");
                assertThat(x.commands()).containsExactly("stat -c %a /tmp");
                assertThat(x.executionTimeoutSeconds()).isEqualTo(30);
              })
          .flatExtracting(SendCommandRequest::instanceIds)
          .containsExactlyInAnyOrderElementsOf(ids(3));
      // The reads carry the custom check's rules, not its command.
      assertThat(f.audits.reads)
          .singleElement()
          .satisfies(
              read -> {
                assertThat(read.checks())
                    .extracting(AuditCheck::name)
                    .containsExactly("ssh", "tmp-perms");
                assertThat(read.checks().get(1).rules()).isEqualTo(custom.rules());
                assertThat(read.checks().get(1).commands()).isEmpty();
              });
      assertThat(r.byCheck()).isEqualTo(Map.of("ssh", 0, "tmp-perms", 3));
      assertThat(r.recommendations())
          .singleElement()
          .satisfies(
              x -> {
                assertThat(x.text()).isEqualTo("chmod 1777 /tmp");
                assertThat(x.instances()).isEqualTo(3);
              });
    }
  }

  @Test
  void invalidChecksFailTheWorkflowBeforeAnythingRuns() {
    AuditCheck bad =
        new AuditCheck(
            "bad",
            false,
            List.of("true"),
            0,
            List.of(new CheckRule(RuleKind.MATCH, "([", Severity.LOW, null, "x")),
            null);
    try (AuditFixture f = new AuditFixture(2, id -> Outcome.found())) {
      assertThatThrownBy(() -> f.run(request("25%", List.of(bad), 0)))
          .isInstanceOf(WorkflowFailedException.class)
          .rootCause()
          .hasMessageContaining("bad regex");
      assertThat(f.audits.commandCalls).isEmpty();
      assertThat(f.commands.sends()).isEmpty();
    }
  }

  @Test
  void aCheckThatFailsOrTimesOutDoesNotStopTheOthers() {
    String flaky = ids(3).get(0);
    FakeCommands.Behavior b =
        (id, step, attempt) ->
            !id.equals(flaky)
                ? Result.ok(1)
                : step.equals("ssh")
                    ? new Result(InvocationStatus.TIMED_OUT, -1, 1)
                    : step.equals("disk") ? Result.fail(1) : Result.ok(1);
    try (AuditFixture f = new AuditFixture(3, b, FakeAudits.byId(id -> Outcome.found()))) {
      AuditResult r = f.run(request("100%", List.of(), 0));

      // Checks only: every check ran whatever the previous answered, and each run is kept.
      assertThat(f.commands.steps(flaky)).isEqualTo(BuiltInChecks.NAMES);
      assertThat(f.audits.readRuns.get(flaky).runs())
          .extracting(StepRun::step, StepRun::status)
          .containsExactly(
              tuple("ssh", InvocationStatus.TIMED_OUT),
              tuple("firewall", InvocationStatus.SUCCESS),
              tuple("disk", InvocationStatus.FAILED),
              tuple("load", InvocationStatus.SUCCESS),
              tuple("updates", InvocationStatus.SUCCESS),
              tuple("agents", InvocationStatus.SUCCESS));
      assertThat(r.checkedCount()).isEqualTo(3);
    }
  }

  @Test
  void theCutoffStopsLaunchingMidAudit() {
    try (AuditFixture f = new AuditFixture(6, id -> Outcome.found())) {
      // The first two instances are in flight (MaxConcurrency 2) when the cutoff, 2 s in,
      // passes; nothing else starts, and they finish every check.
      f.commands.holdAfterSends(1);
      long cutoff = f.env.currentTimeMillis() + 2_000;
      InfrastructureAuditWorkflow wf = f.stub();
      WorkflowClient.start(wf::audit, request("2", List.of(), cutoff));
      waitFor(f.commands::held);
      waitFor(() -> f.env.currentTimeMillis() > cutoff + 500);
      f.commands.release();
      AuditResult r = WorkflowStub.fromTyped(wf).getResult(AuditResult.class);

      assertThat(f.commands.startedInstances()).isEqualTo(2);
      assertThat(r.checkedCount()).isEqualTo(2);
      assertThat(f.commands.steps(ids(1).get(0))).isEqualTo(BuiltInChecks.NAMES);
      assertThat(r.notChecked())
          .filteredOn(s -> s.reason().equals("cutoff"))
          .extracting(SkippedInstance::instanceId)
          .containsExactlyElementsOf(ids(6).subList(2, 6));
    }
  }

  @Test
  void aCutoffAlreadyPastChecksNothing() {
    try (AuditFixture f = new AuditFixture(3, id -> Outcome.found())) {
      AuditResult r = f.run(request("25%", List.of(), f.env.currentTimeMillis() - 1));
      assertThat(r.checkedCount()).isZero();
      assertThat(r.notChecked()).filteredOn(s -> s.reason().equals("cutoff")).hasSize(3);
      assertThat(f.commands.sends()).isEmpty();
      assertThat(f.audits.reads).isEmpty();
    }
  }

  @Test
  void oneRefusedInstanceIsNotCheckedAloneItsBatchIsAudited() {
    String gone = ids(5).get(2);
    try (AuditFixture f = new AuditFixture(5, id -> Outcome.found())) {
      f.commands.refuse(gone, "InvalidInstanceId: terminated");
      AuditResult r = f.run(request("100%", List.of(), 0));

      assertThat(r.checkedCount()).isEqualTo(4);
      assertThat(r.notChecked())
          .filteredOn(s -> s.instanceId().equals(gone))
          .singleElement()
          .satisfies(
              s ->
                  assertThat(s.reason())
                      .contains("SendCommand refused it")
                      .contains("InvalidInstanceId"));
      assertThat(f.audits.readRuns).doesNotContainKey(gone).hasSize(4);
    }
  }

  @Test
  void findingsAreReadFiftyInstancesAtATimeAFewCallsAtOnce() {
    try (AuditFixture f = new AuditFixture(230, id -> Outcome.found(AGENT))) {
      AuditResult r = f.run(request("100%", List.of(), 0));

      assertThat(r.checkedCount()).isEqualTo(230);
      assertThat(r.count(Severity.LOW)).isEqualTo(230);
      assertThat(f.audits.reads)
          .allSatisfy(
              x -> assertThat(x.instances()).hasSizeBetween(1, FindingsRequest.MAX_INSTANCES));
      assertThat(
              f.audits.reads.stream()
                  .flatMap(x -> x.instances().stream())
                  .map(InstanceRuns::instanceId)
                  .collect(Collectors.toList()))
          .doesNotHaveDuplicates()
          .hasSize(230);
      assertThat(f.audits.maxParallelReads.get()).isBetween(1, FindingsReader.PARALLEL);
    }
  }

  @Test
  void findingsThatCannotBeReadListTheirInstancesAsNotChecked() {
    try (AuditFixture f = new AuditFixture(3, id -> Outcome.found())) {
      f.audits.failEveryRead = true;
      AuditResult r = f.run(request("100%", List.of(), 0));

      assertThat(f.audits.failedReads.get()).isEqualTo(10);
      assertThat(r.checkedCount()).isZero();
      assertThat(r.notChecked())
          .filteredOn(s -> ids(3).contains(s.instanceId()))
          .hasSize(3)
          .allSatisfy(s -> assertThat(s.reason()).startsWith("findings not read: SSM unavailable"));
    }
  }

  @Test
  void cancelStopsLaunchingLetsTheInstancesInFlightFinishAndStillReports() throws Exception {
    try (AuditFixture f = new AuditFixture(10, id -> Outcome.found())) {
      f.commands.holdAfterSends(1);
      InfrastructureAuditWorkflow wf = f.stub();
      WorkflowClient.start(wf::audit, request("2", List.of(), 0));
      waitFor(f.commands::held);
      WorkflowStub untyped = WorkflowStub.fromTyped(wf);
      untyped.cancel();
      InfrastructureAuditWorkflow live =
          f.client.newWorkflowStub(InfrastructureAuditWorkflow.class, f.workflowId());
      waitFor(() -> live.progress().phase().equals("cancelled"));
      f.commands.release();

      assertThatThrownBy(() -> untyped.getResult(AuditResult.class))
          .isInstanceOf(WorkflowFailedException.class)
          .hasCauseInstanceOf(CanceledFailure.class);
      verify(f.notify, timeout(5_000))
          .publish(
              eq(AuditFixture.TOPIC),
              eq("ssmflow audit staging: 0 high, 0 medium, 0 low (cancelled)"),
              contains("Instances checked: 2, not checked: 9"));
      // The two in flight ran every check; nothing else started; no command was cut short.
      assertThat(f.commands.startedInstances()).isEqualTo(2);
      for (String id : ids(2)) {
        assertThat(f.commands.steps(id)).isEqualTo(BuiltInChecks.NAMES);
      }
      assertThat(f.commands.cancels()).isEmpty();
      assertThat(f.audits.readInstances()).isEqualTo(2);
    }
  }

  @Test
  void progressQueryAnswersWhileRunning() throws Exception {
    try (AuditFixture f = new AuditFixture(4, id -> Outcome.found())) {
      f.commands.holdAfterSends(1);
      InfrastructureAuditWorkflow wf = f.stub();
      WorkflowClient.start(wf::audit, request("2", List.of(), 0));
      waitFor(f.commands::held);
      InfrastructureAuditWorkflow live =
          f.client.newWorkflowStub(InfrastructureAuditWorkflow.class, f.workflowId());
      waitFor(() -> live.progress().inFlight() == 2);
      AuditProgress p = live.progress();
      assertThat(p.phase()).isEqualTo("checking");
      assertThat(p.eligible()).isEqualTo(4);
      assertThat(p.checked()).isZero();
      assertThat(p.notChecked()).isEqualTo(1);
      f.commands.release();
      AuditResult r = WorkflowStub.fromTyped(wf).getResult(AuditResult.class);
      assertThat(r.checkedCount()).isEqualTo(4);
      AuditProgress end = live.progress();
      assertThat(end.phase()).isEqualTo("done");
      assertThat(end.checked()).isEqualTo(4);
      assertThat(end.inFlight()).isZero();
    }
  }

  private static void waitFor(BooleanSupplier condition) {
    long end = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("condition within 30 s").isLessThan(end);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
