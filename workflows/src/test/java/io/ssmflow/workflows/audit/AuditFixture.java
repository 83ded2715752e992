package io.ssmflow.workflows.audit;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.ssmflow.workflows.Workflows;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A time-skipping environment with the audit workflows and fake activities. */
final class AuditFixture implements AutoCloseable {
  static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:audits";
  static final TargetSpec TARGETS = TargetSpec.ofTags(Map.of("Environment", "staging"));
  static final String OFFLINE = "i-0ffline000000000";

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final FleetActivities fleet = mock(FleetActivities.class, withSettings().withoutAnnotations());
  final NotificationActivities notify =
      mock(NotificationActivities.class, withSettings().withoutAnnotations());
  final CommandActivities commands =
      mock(CommandActivities.class, withSettings().withoutAnnotations());
  final SessionActivities sessions =
      mock(SessionActivities.class, withSettings().withoutAnnotations());
  final FakeAudits audits;
  final WorkflowClient client = env.getWorkflowClient();

  AuditFixture(int instances, Function<String, FakeAudits.Outcome> outcome) {
    audits = new FakeAudits(outcome);
    when(fleet.resolveTargets(any())).thenReturn(new ResolvedTargets(ids(instances),
        List.of(new SkippedInstance(OFFLINE, "SSM agent ConnectionLost"))));
    when(notify.publish(anyString(), anyString(), anyString())).thenReturn("msg-1");
    Worker worker = env.newWorker(TaskQueues.DEFAULT, WorkerOptions.newBuilder()
        .setDefaultDeadlockDetectionTimeout(10_000).build());
    for (Class<?> impl : Workflows.implementations()) {
      worker.registerWorkflowImplementationTypes(impl);
    }
    worker.registerActivitiesImplementations(fleet, notify, commands, sessions, audits);
    env.start();
  }

  static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("i-%017x", i + 1));
    }
    return ids;
  }

  static AuditRequest request(String concurrency, List<AuditCheck> checks, long cutoff) {
    return new AuditRequest(TARGETS, concurrency, checks, "staging", TOPIC, "ssmflow", cutoff);
  }

  String workflowId() {
    return AuditIds.workflowId(TARGETS, "staging");
  }

  InfrastructureAuditWorkflow stub() {
    return client.newWorkflowStub(InfrastructureAuditWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId()).setTaskQueue(TaskQueues.DEFAULT).build());
  }

  AuditResult run(AuditRequest request) {
    return stub().audit(request);
  }

  @Override
  public void close() {
    audits.release.countDown();
    env.close();
  }
}
