package io.ssmflow.workflows.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssmflow.workflows.deploy.Approval;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parameter audit: findings, remediation behind the approve/reject gate. */
class ParameterAuditWorkflowTest {
  static final String ID = "params-audit-shop";
  final ParamsFixture f = new ParamsFixture();

  @AfterEach
  void close() {
    f.close();
  }

  static ParameterAuditReport report(List<String> remediable) {
    return new ParameterAuditReport(
        "/shop",
        3,
        Map.of("String", 2, "SecureString", 1),
        Map.of("Standard", 3),
        Map.of("/shop/prod", 3),
        List.of(
            new ParameterAuditFinding(
                "/shop/prod/db/password",
                FindingKind.SENSITIVE_NOT_ENCRYPTED,
                FindingKind.Severity.HIGH,
                ParameterKind.STRING,
                "sensitive name stored as String"),
            new ParameterAuditFinding(
                "/shop/prod/api/token",
                FindingKind.DEFAULT_KMS_KEY,
                FindingKind.Severity.MEDIUM,
                ParameterKind.SECURE_STRING,
                "default key")),
        Map.of(FindingKind.SENSITIVE_NOT_ENCRYPTED, 1, FindingKind.DEFAULT_KMS_KEY, 1),
        remediable,
        List.of("Convert..."));
  }

  static ParameterAuditRequest request(boolean remediate) {
    return new ParameterAuditRequest("/shop", 90, List.of(), remediate, Duration.ofHours(1));
  }

  @Test
  void reportsFindingsWithoutRemediation() {
    when(f.audit.scan(any(), anyLong())).thenReturn(report(List.of("/shop/prod/db/password")));
    long start = f.env.currentTimeMillis();

    ParameterAuditResult r = f.stub(ParameterAuditWorkflow.class, ID).audit(request(false));

    assertThat(r.remediation()).isEqualTo(RemediationStatus.NOT_REQUESTED);
    assertThat(r.report().findings()).hasSize(2);
    verify(f.audit)
        .scan(eq(request(false)), org.mockito.ArgumentMatchers.longThat(t -> t >= start));
    verify(f.audit, never()).convertToSecure(any());
  }

  @Test
  void nothingRemediableEndsWithoutAGate() {
    when(f.audit.scan(any(), anyLong())).thenReturn(report(List.of()));
    ParameterAuditResult r = f.stub(ParameterAuditWorkflow.class, ID).audit(request(true));
    assertThat(r.remediation()).isEqualTo(RemediationStatus.NOTHING_TO_REMEDIATE);
  }

  @Test
  void remediatesAfterApprovalInChunks() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      names.add("/shop/prod/k" + i + "/password");
    }
    when(f.audit.scan(any(), anyLong())).thenReturn(report(names));
    when(f.audit.convertToSecure(any())).thenAnswer(inv -> inv.getArgument(0));
    ParameterAuditWorkflow wf = f.stub(ParameterAuditWorkflow.class, ID);
    WorkflowClient.start(wf::audit, request(true));
    awaitGate(wf);

    String answer = wf.approve(new Approval("alice", "ok"));
    assertThat(answer).isEqualTo("approved remediation of 120 parameters by alice");
    ParameterAuditResult r = WorkflowStub.fromTyped(wf).getResult(ParameterAuditResult.class);

    assertThat(r.remediation()).isEqualTo(RemediationStatus.APPLIED);
    assertThat(r.converted()).hasSize(120);
    assertThat(r.decision()).isEqualTo(new Approval("alice", "ok"));
    verify(f.audit).convertToSecure(names.subList(0, 50));
    verify(f.audit).convertToSecure(names.subList(100, 120));
    assertThatThrownBy(() -> wf.approve(new Approval("bob", "")))
        .as("the gate is closed once decided")
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void rejectConvertsNothing() {
    when(f.audit.scan(any(), anyLong())).thenReturn(report(List.of("/shop/prod/db/password")));
    ParameterAuditWorkflow wf = f.stub(ParameterAuditWorkflow.class, ID);
    WorkflowClient.start(wf::audit, request(true));
    awaitGate(wf);

    wf.reject(new Approval("bob", "not now"));
    ParameterAuditResult r = WorkflowStub.fromTyped(wf).getResult(ParameterAuditResult.class);

    assertThat(r.remediation()).isEqualTo(RemediationStatus.REJECTED);
    assertThat(r.converted()).isEmpty();
    verify(f.audit, never()).convertToSecure(any());
  }

  @Test
  void noDecisionInTimeConvertsNothing() {
    when(f.audit.scan(any(), anyLong())).thenReturn(report(List.of("/shop/prod/db/password")));

    ParameterAuditResult r = f.stub(ParameterAuditWorkflow.class, ID).audit(request(true));

    assertThat(r.remediation()).isEqualTo(RemediationStatus.TIMED_OUT);
    verify(f.audit, never()).convertToSecure(any());
  }

  @Test
  void approveIsRefusedWhenNoGateIsOpen() {
    when(f.audit.scan(any(), anyLong())).thenReturn(report(List.of()));
    ParameterAuditWorkflow wf = f.stub(ParameterAuditWorkflow.class, ID);
    WorkflowClient.start(wf::audit, request(false));
    WorkflowStub.fromTyped(wf).getResult(ParameterAuditResult.class);
    assertThatThrownBy(() -> wf.approve(new Approval("x", "")))
        .isInstanceOf(RuntimeException.class);
  }

  private void awaitGate(ParameterAuditWorkflow wf) {
    for (int i = 0; i < 200; i++) {
      ParameterAuditProgress p = wf.progress();
      if (p.awaitingApproval()) {
        return;
      }
      f.env.sleep(Duration.ofMillis(50));
    }
    throw new AssertionError("the gate never opened");
  }
}
