package io.ssmflow.workflows.fleetrun;

import io.ssmflow.workflows.common.TaskQueues;
import io.ssmflow.workflows.deploy.FakeCommands;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.util.ArrayList;
import java.util.List;

/** A time-skipping environment with the engine's slice workflow, a host flow, fake SSM. */
final class EngineFixture implements AutoCloseable {
  static final String ID = "engine-test";

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final FakeCommands commands;
  final WorkflowClient client = env.getWorkflowClient();

  EngineFixture(FakeCommands.Behavior behavior) {
    this(behavior, FleetRunWorkflowImpl.class);
  }

  /** With another slice implementation (to make a slice fail on purpose). */
  EngineFixture(FakeCommands.Behavior behavior, Class<?> slice) {
    commands = new FakeCommands(behavior);
    Worker worker =
        env.newWorker(
            TaskQueues.DEFAULT,
            WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(10_000).build());
    worker.registerWorkflowImplementationTypes(EngineHost.Impl.class, FeedHost.Impl.class, slice);
    worker.registerActivitiesImplementations(commands);
    env.start();
  }

  EngineHost host() {
    return client.newWorkflowStub(
        EngineHost.class,
        WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(TaskQueues.DEFAULT).build());
  }

  /** Starts a host whose pass takes its instances from signals. */
  FeedHost feedHost(FleetRunSpec spec) {
    FeedHost host =
        client.newWorkflowStub(
            FeedHost.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(TaskQueues.DEFAULT)
                .build());
    WorkflowClient.start(host::run, spec);
    return host;
  }

  /** A plan of shell steps named {@code names} (FakeCommands decides how each ends). */
  static RunPlan plan(String... names) {
    List<RunStep> steps = new ArrayList<>();
    for (String name : names) {
      steps.add(RunStep.shell(name, List.of("echo " + name), 60));
    }
    return RunPlan.of("test", steps);
  }

  static List<String> ids(int n) {
    return io.ssmflow.workflows.TestWorkers.instanceIds(n);
  }

  @Override
  public void close() {
    env.close();
  }
}
