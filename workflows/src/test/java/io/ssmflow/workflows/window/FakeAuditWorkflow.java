package io.ssmflow.workflows.window;

import io.ssmflow.workflows.audit.AuditProgress;
import io.ssmflow.workflows.audit.AuditRequest;
import io.ssmflow.workflows.audit.AuditResult;
import io.ssmflow.workflows.audit.InfrastructureAuditWorkflow;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An audit for window tests: 20 minutes of work, records the launch cutoff it was given. */
public class FakeAuditWorkflow implements InfrastructureAuditWorkflow {
  @Override
  public AuditResult audit(AuditRequest request) {
    if (!Workflow.isReplaying()) {
      FakePatchWorkflow.EVENTS.add(
          new FakePatchWorkflow.Event(
              "audit", "cutoff " + request.launchCutoffMillis(), Workflow.currentTimeMillis()));
    }
    Workflow.sleep(Duration.ofMinutes(20));
    return new AuditResult(
        "all",
        request.environment(),
        List.of("ssh-root-login"),
        0,
        0,
        false,
        4,
        Map.of("HIGH", 1, "MEDIUM", 0, "LOW", 2),
        Map.of("ssh-root-login", 1),
        List.of(),
        List.of(),
        List.of());
  }

  @Override
  public AuditProgress progress() {
    return null;
  }
}
