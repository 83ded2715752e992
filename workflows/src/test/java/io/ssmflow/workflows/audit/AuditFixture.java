package io.ssmflow.workflows.audit;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.ssmflow.workflows.TestWorkers;
import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.deploy.FakeCommands;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A time-skipping environment with every workflow, the deploy tests' in-memory SSM Run Command for
 * the checks' commands and a fake audit activity for their commands and findings.
 */
final class AuditFixture implements AutoCloseable {
  static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:audits";
  static final TargetSpec TARGETS = TargetSpec.ofTags(Map.of("Environment", "staging"));
  static final String OFFLINE = "i-0ffline000000000";

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final FleetActivities fleet = mock(FleetActivities.class, withSettings().withoutAnnotations());
  final NotificationActivities notify =
      mock(NotificationActivities.class, withSettings().withoutAnnotations());
  final SessionActivities sessions =
      mock(SessionActivities.class, withSettings().withoutAnnotations());
  final FakeCommands commands;
  final FakeAudits audits;
  final WorkflowClient client = env.getWorkflowClient();

  AuditFixture(
      int instances,
      FakeCommands.Behavior behavior,
      Function<InstanceRuns, FakeAudits.Outcome> outcome) {
    commands = new FakeCommands(behavior);
    audits = new FakeAudits(outcome);
    when(fleet.resolveTargets(any()))
        .thenReturn(
            new ResolvedTargets(
                ids(instances), List.of(new SkippedInstance(OFFLINE, "SSM agent ConnectionLost"))));
    when(notify.publish(anyString(), anyString(), anyString())).thenReturn("msg-1");
    TestWorkers.startAllWorkflows(env, fleet, notify, commands, sessions, audits);
  }

  /** Every command succeeds; {@code outcome} decides each instance's findings by its id. */
  AuditFixture(int instances, Function<String, FakeAudits.Outcome> outcome) {
    this(instances, FakeCommands.allSucceed(), FakeAudits.byId(outcome));
  }

  static List<String> ids(int n) {
    return TestWorkers.instanceIds(n);
  }

  static AuditRequest request(String concurrency, List<AuditCheck> checks, long cutoff) {
    return new AuditRequest(
        TARGETS,
        RateLimit.maxConcurrency(concurrency),
        checks,
        "staging",
        TOPIC,
        "ssmflow",
        cutoff);
  }

  String workflowId() {
    return AuditIds.workflowId(TARGETS, "staging");
  }

  InfrastructureAuditWorkflow stub() {
    return client.newWorkflowStub(
        InfrastructureAuditWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId())
            .setTaskQueue(TaskQueues.DEFAULT)
            .build());
  }

  AuditResult run(AuditRequest request) {
    return stub().audit(request);
  }

  @Override
  public void close() {
    commands.release();
    env.close();
  }
}
