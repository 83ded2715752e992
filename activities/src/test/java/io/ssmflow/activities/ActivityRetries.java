package io.ssmflow.activities;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Calls one activity the way a workflow does, through a Temporal test server (real time, no time
 * skipping), so the activity sees real attempts: a failed attempt is retried after 100 ms, up to
 * three attempts, each with a 15 s start-to-close (the send activities' options).
 */
public final class ActivityRetries implements AutoCloseable {
  private static final String QUEUE = "activity-retries";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** One untyped activity call with retries. */
  @WorkflowInterface
  public interface Caller {
    @WorkflowMethod
    Object call(String activityType, List<Object> arguments);
  }

  public static final class CallerImpl implements Caller {
    @Override
    public Object call(String activityType, List<Object> arguments) {
      return Workflow.newUntypedActivityStub(
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(15))
                  .setRetryOptions(
                      RetryOptions.newBuilder()
                          .setInitialInterval(Duration.ofMillis(100))
                          .setMaximumAttempts(3)
                          .build())
                  .build())
          .execute(activityType, Object.class, arguments.toArray());
    }
  }

  private final TestWorkflowEnvironment env;

  /** A test server and a worker with these activity implementations. */
  public ActivityRetries(Object... activities) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(CallerImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  /**
   * Calls the activity (its type is the method name with a capital first letter, e.g. {@code
   * SendShellCommand}) with one argument; answers its result as {@code resultType}.
   */
  public <R> R call(String activityType, Object argument, Class<R> resultType) {
    return callWithArguments(activityType, List.of(argument), resultType);
  }

  /** Calls an activity of several arguments, like {@link #call}. */
  public <R> R callWithArguments(String activityType, List<?> arguments, Class<R> resultType) {
    Object result =
        env.getWorkflowClient()
            .newWorkflowStub(
                Caller.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(QUEUE)
                    .setWorkflowId("retries-" + UUID.randomUUID())
                    .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                    .build())
            .call(activityType, List.<Object>copyOf(arguments));
    return JSON.convertValue(result, resultType);
  }

  @Override
  public void close() {
    env.close();
  }
}
