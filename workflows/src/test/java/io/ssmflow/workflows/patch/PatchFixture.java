package io.ssmflow.workflows.patch;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.ssmflow.workflows.TestWorkers;
import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;

/** A time-skipping test environment with the patch workflows and fake activities. */
final class PatchFixture implements AutoCloseable {
  static final long DEADLOCK_TIMEOUT_MILLIS = TestWorkers.DEADLOCK_TIMEOUT_MILLIS;
  static final String GROUP = "WebServers";
  static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:patching";
  static final List<String> HEALTH = List.of("echo healthy");
  static final List<String> VALIDATION = List.of("echo valid");

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final FleetActivities fleet = mock(FleetActivities.class, withSettings().withoutAnnotations());
  final NotificationActivities notify =
      mock(NotificationActivities.class, withSettings().withoutAnnotations());
  final io.ssmflow.workflows.alarm.AlarmActivities alarms =
      mock(io.ssmflow.workflows.alarm.AlarmActivities.class, withSettings().withoutAnnotations());
  final FakePatchCommands commands;
  final FakePatchActivities ec2 = new FakePatchActivities();
  final WorkflowClient client = env.getWorkflowClient();

  PatchFixture(FakePatchCommands.Behavior behavior, int instances) {
    commands = new FakePatchCommands(behavior);
    ec2.journal = commands.journal;
    when(fleet.resolveTargets(any()))
        .thenReturn(
            instances == 0
                ? new ResolvedTargets(
                    List.of(),
                    List.of(new SkippedInstance("i-0ffline000000000", "SSM agent ConnectionLost")))
                : new ResolvedTargets(
                    ids(instances),
                    List.of(
                        new SkippedInstance("i-0ffline000000000", "SSM agent ConnectionLost"))));
    when(notify.publish(anyString(), anyString(), anyString())).thenReturn("msg-1");
    TestWorkers.startAllWorkflows(env, fleet, notify, commands, ec2, alarms);
  }

  static List<String> ids(int n) {
    return TestWorkers.instanceIds(n);
  }

  static PatchRequest install(
      String env, String concurrency, String errors, UnhealthyPolicy policy) {
    return new PatchRequest(
        TargetSpec.ofPatchGroup(GROUP),
        PatchOperation.INSTALL,
        RebootOption.REBOOT_IF_NEEDED,
        env,
        RateLimit.maxConcurrency(concurrency),
        RateLimit.maxErrors(errors),
        HEALTH,
        VALIDATION,
        policy,
        Duration.ofDays(7),
        false,
        TOPIC,
        "ssmflow",
        0);
  }

  static PatchRequest scan(String concurrency, String errors) {
    return new PatchRequest(
        TargetSpec.ofPatchGroup(GROUP),
        PatchOperation.SCAN,
        null,
        "staging",
        RateLimit.maxConcurrency(concurrency),
        RateLimit.maxErrors(errors),
        List.of(),
        List.of(),
        null,
        null,
        false,
        TOPIC,
        "ssmflow",
        0);
  }

  static PatchRequest withCutoff(PatchRequest r, long cutoff) {
    return new PatchRequest(
        r.targets(),
        r.operation(),
        r.rebootOption(),
        r.environment(),
        r.maxConcurrency(),
        r.maxErrors(),
        r.healthCommands(),
        r.validationCommands(),
        r.unhealthyPolicy(),
        r.snapshotRetention(),
        r.keepSnapshots(),
        r.snsTopicArn(),
        r.metricsNamespace(),
        cutoff);
  }

  static PatchRequest keepingSnapshots(PatchRequest r) {
    return new PatchRequest(
        r.targets(),
        r.operation(),
        r.rebootOption(),
        r.environment(),
        r.maxConcurrency(),
        r.maxErrors(),
        r.healthCommands(),
        r.validationCommands(),
        r.unhealthyPolicy(),
        r.snapshotRetention(),
        true,
        r.snsTopicArn(),
        r.metricsNamespace(),
        r.launchCutoffMillis());
  }

  static PatchRequest withoutHealthCheck(PatchRequest r) {
    return new PatchRequest(
        r.targets(),
        r.operation(),
        r.rebootOption(),
        r.environment(),
        r.maxConcurrency(),
        r.maxErrors(),
        List.of(),
        r.validationCommands(),
        r.unhealthyPolicy(),
        r.snapshotRetention(),
        r.keepSnapshots(),
        r.snsTopicArn(),
        r.metricsNamespace(),
        r.launchCutoffMillis());
  }

  static String workflowId(PatchRequest r) {
    return PatchIds.workflowId(r.operation(), r.targets(), r.environment());
  }

  PatchWorkflow stub(PatchRequest r) {
    return client.newWorkflowStub(
        PatchWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId(r))
            .setTaskQueue(TaskQueues.DEFAULT)
            .build());
  }

  PatchResult run(PatchRequest r) {
    return stub(r).patch(r);
  }

  @Override
  public void close() {
    env.close();
  }
}
