package io.ssmflow.workflows.params;

import io.ssmflow.workflows.deploy.Approval;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** Scan, then with remediate: approval gate, then conversion in chunks. */
public class ParameterAuditWorkflowImpl implements ParameterAuditWorkflow {
  static final int CONVERT_CHUNK = 50;
  private static final Logger log = Workflow.getLogger(ParameterAuditWorkflowImpl.class);

  private final ParameterAuditActivities audit =
      Workflow.newActivityStub(ParameterAuditActivities.class, ParamsActivityOptions.calls());

  private String phase = "scanning";
  private int findings;
  private int remediable;
  private boolean awaitingApproval;
  private Approval decision;
  private boolean approved;

  @Override
  public ParameterAuditResult audit(ParameterAuditRequest request) {
    ParameterAuditReport report = audit.scan(request, Workflow.currentTimeMillis());
    findings = report.findingCounts().values().stream().mapToInt(Integer::intValue).sum();
    remediable = report.remediable().size();
    if (!request.remediate()) {
      phase = "done";
      return new ParameterAuditResult(report, RemediationStatus.NOT_REQUESTED, List.of(), null);
    }
    if (report.remediable().isEmpty()) {
      phase = "done";
      return new ParameterAuditResult(
          report, RemediationStatus.NOTHING_TO_REMEDIATE, List.of(), null);
    }
    phase = "awaiting-approval";
    awaitingApproval = true;
    Duration timeout =
        request.approvalTimeout() == null ? Duration.ofHours(24) : request.approvalTimeout();
    boolean decided = Workflow.await(timeout, () -> decision != null);
    awaitingApproval = false;
    if (!decided) {
      phase = "done";
      log.info("remediation not approved within {}", timeout);
      return new ParameterAuditResult(
          report,
          RemediationStatus.TIMED_OUT,
          List.of(),
          new Approval("ssmflow", "no decision within " + timeout));
    }
    if (!approved) {
      phase = "done";
      log.info("remediation rejected by {}", decision.approver());
      return new ParameterAuditResult(report, RemediationStatus.REJECTED, List.of(), decision);
    }
    phase = "remediating";
    List<String> converted = new ArrayList<>();
    List<String> names = report.remediable();
    for (int i = 0; i < names.size(); i += CONVERT_CHUNK) {
      converted.addAll(
          audit.convertToSecure(names.subList(i, Math.min(names.size(), i + CONVERT_CHUNK))));
    }
    log.info("remediation approved by {}: {} converted", decision.approver(), converted.size());
    phase = "done";
    return new ParameterAuditResult(report, RemediationStatus.APPLIED, converted, decision);
  }

  @Override
  public ParameterAuditProgress progress() {
    return new ParameterAuditProgress(phase, findings, remediable, awaitingApproval);
  }

  @Override
  public String approve(Approval approval) {
    decision = approval;
    approved = true;
    return "approved remediation of " + remediable + " parameters by " + approval.approver();
  }

  @Override
  public void validateApprove(Approval approval) {
    requireAwaiting(approval);
  }

  @Override
  public String reject(Approval approval) {
    decision = approval;
    approved = false;
    return "rejected remediation by " + approval.approver() + "; nothing will be converted";
  }

  @Override
  public void validateReject(Approval approval) {
    requireAwaiting(approval);
  }

  private void requireAwaiting(Approval approval) {
    if (approval == null || approval.approver() == null) {
      throw new IllegalArgumentException("an approval names its approver");
    }
    if (!awaitingApproval || decision != null) {
      throw new IllegalStateException("no remediation approval is awaited (phase " + phase + ")");
    }
  }
}
