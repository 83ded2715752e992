package io.ssmflow.workflows;

import io.ssmflow.workflows.common.TaskQueues;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.util.ArrayList;
import java.util.List;

/** What the workflow test fixtures share: a worker with every workflow, fake instance ids. */
public final class TestWorkers {
  /** Generous, so a loaded CI machine does not trip the detector; determinism is unaffected. */
  public static final long DEADLOCK_TIMEOUT_MILLIS = 10_000;

  private TestWorkers() {}

  /**
   * A worker on the default task queue with every workflow of {@link Workflows#implementations()}
   * and these activities; then starts the environment.
   */
  public static Worker startAllWorkflows(TestWorkflowEnvironment env, Object... activities) {
    Worker worker =
        env.newWorker(
            TaskQueues.DEFAULT,
            WorkerOptions.newBuilder()
                .setDefaultDeadlockDetectionTimeout(DEADLOCK_TIMEOUT_MILLIS)
                .build());
    for (Class<?> impl : Workflows.implementations()) {
      worker.registerWorkflowImplementationTypes(impl);
    }
    worker.registerActivitiesImplementations(activities);
    env.start();
    return worker;
  }

  /** {@code n} instance ids: i-00000000000000001, i-00000000000000002, ... */
  public static List<String> instanceIds(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("i-%017x", i + 1));
    }
    return ids;
  }
}
