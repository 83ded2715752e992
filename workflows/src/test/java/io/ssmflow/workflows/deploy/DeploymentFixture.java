package io.ssmflow.workflows.deploy;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.ssmflow.workflows.TestWorkers;
import io.ssmflow.workflows.alarm.AlarmActivities;
import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetPage;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.parameterstore.ParameterActivities;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A time-skipping test environment with the deployment workflows and fake activities. */
final class DeploymentFixture implements AutoCloseable {
  static final long DEADLOCK_TIMEOUT_MILLIS = TestWorkers.DEADLOCK_TIMEOUT_MILLIS;

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final FleetActivities fleet = mock(FleetActivities.class, withSettings().withoutAnnotations());
  final ParameterActivities params =
      mock(ParameterActivities.class, withSettings().withoutAnnotations());
  final NotificationActivities notify =
      mock(NotificationActivities.class, withSettings().withoutAnnotations());
  final AlarmActivities alarms = mock(AlarmActivities.class, withSettings().withoutAnnotations());
  final FakeCommands commands;
  final WorkflowClient client = env.getWorkflowClient();

  DeploymentFixture(FakeCommands.Behavior behavior, int instances) {
    commands = new FakeCommands(behavior);
    when(fleet.resolveTargets(any()))
        .thenReturn(
            new ResolvedTargets(
                ids(instances),
                List.of(new SkippedInstance("i-0ffline000000000", "SSM agent ConnectionLost"))));
    // One page with whatever resolveTargets answers (tests stub that one).
    when(fleet.resolveTargetsPage(any(), any(), anyInt()))
        .thenAnswer(
            inv -> {
              ResolvedTargets all = fleet.resolveTargets(inv.getArgument(0));
              return new TargetPage(all.eligible(), all.skipped(), null);
            });
    when(params.getString("/shop/staging/current-version")).thenReturn("1.0.0");
    when(notify.publish(anyString(), anyString(), anyString())).thenReturn("msg-1");
    TestWorkers.startAllWorkflows(env, fleet, params, notify, alarms, commands);
  }

  static List<String> ids(int n) {
    return TestWorkers.instanceIds(n);
  }

  /** A small spec: two steps, a health check with 3 attempts, a rollback. */
  static DeploymentSpec testSpec() {
    return new DeploymentSpec(
        List.of(
            new DeploymentStep("install", List.of("echo install {{App}} {{Version}}"), 60, 1, null),
            new DeploymentStep("start", List.of("echo start {{Env}}"), 60, 1, null)),
        new DeploymentStep(
            "health", List.of("echo health {{Version}}"), 60, 3, Duration.ofSeconds(2)),
        new DeploymentStep("rollback", List.of("echo back to {{PreviousVersion}}"), 60, 1, null));
  }

  static DeploymentRequest request(
      String concurrency, String errors, int canary, FailurePolicy policy) {
    return new DeploymentRequest(
        "shop",
        "2.0.0",
        "staging",
        TargetSpec.ofTags(Map.of("Application", "shop", "Environment", "staging")),
        RateLimit.maxConcurrency(concurrency),
        RateLimit.maxErrors(errors),
        canary,
        false,
        Duration.ofMinutes(30),
        policy,
        testSpec(),
        "arn:aws:sns:us-east-1:123456789012:deploys",
        "ssmflow",
        0);
  }

  static DeploymentRequest withApproval(DeploymentRequest r, Duration timeout) {
    return new DeploymentRequest(
        r.app(),
        r.version(),
        r.environment(),
        r.targets(),
        r.maxConcurrency(),
        r.maxErrors(),
        r.canaryCount(),
        true,
        timeout,
        r.failurePolicy(),
        r.spec(),
        r.snsTopicArn(),
        r.metricsNamespace(),
        r.launchCutoffMillis());
  }

  DeploymentWorkflow stub() {
    return client.newWorkflowStub(
        DeploymentWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(DeploymentIds.workflowId("shop", "staging", "2.0.0"))
            .setTaskQueue(TaskQueues.DEFAULT)
            .build());
  }

  DeploymentResult run(DeploymentRequest request) {
    return stub().deploy(request);
  }

  @Override
  public void close() {
    env.close();
  }
}
