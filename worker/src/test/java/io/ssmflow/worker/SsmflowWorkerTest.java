package io.ssmflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.ssmflow.activities.ActivityImplementations;
import io.ssmflow.activities.aws.AwsSettings;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The worker's wiring, start and graceful stop against a loopback test server. */
class SsmflowWorkerTest {
  static LoopbackTemporal temporal;
  // Never called in these tests; an endpoint override keeps the SDK off real AWS.
  static final AwsSettings AWS =
      AwsSettings.fromEnvironment(
          Map.of(
              "AWS_ENDPOINT_URL",
              "http://127.0.0.1:9",
              "AWS_ACCESS_KEY_ID",
              "test",
              "AWS_SECRET_ACCESS_KEY",
              "test"));

  @BeforeAll
  static void start() throws Exception {
    temporal = new LoopbackTemporal();
  }

  @AfterAll
  static void stop() throws Exception {
    temporal.close();
  }

  @Test
  void injectorBuildsEveryActivityOnceWithSharedClients() {
    WorkerConfig config = new WorkerConfig(temporal.address(), "default", "wiring");
    Injector injector =
        Guice.createInjector(new TemporalModule(config), new AwsModule(AWS), new WorkerModule());
    ActivityInstances activities = injector.getInstance(ActivityInstances.class);
    assertThat(activities.instances())
        .extracting(Object::getClass)
        .containsExactlyElementsOf(ActivityImplementations.classes());
    assertThat(injector.getInstance(SsmClient.class))
        .isSameAs(injector.getInstance(SsmClient.class));
    assertThat(injector.getInstance(WorkflowClient.class).getOptions().getNamespace())
        .isEqualTo("default");
    injector.getInstance(SsmflowWorker.class).shutdown(Duration.ofSeconds(1));
  }

  @Test
  void startsPicksUpWorkflowTasksAndStopsGracefully() throws Exception {
    WorkerConfig config = new WorkerConfig(temporal.address(), "default", "graceful");
    SsmflowWorker worker = SsmflowWorker.create(config, AWS);
    worker.start();
    assertThat(worker.isStarted()).isTrue();

    // A workflow type the worker does not know: its first workflow task is polled and failed
    // by this worker, which shows up in history as a WorkflowTaskStarted event.
    WorkflowClient client = clientFor(config);
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "UnknownWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId("polled-" + System.nanoTime())
                .setTaskQueue("graceful")
                .setWorkflowRunTimeout(Duration.ofMinutes(1))
                .build());
    WorkflowExecution execution = stub.start();
    assertThat(waitForEvent(client, execution, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED))
        .isTrue();

    long begin = System.nanoTime();
    assertThat(worker.shutdown(Duration.ofSeconds(10))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
    assertThat(worker.isStarted()).isFalse();
    assertThat(worker.shutdown(Duration.ofSeconds(1))).as("idempotent").isTrue();
    client.getWorkflowServiceStubs().shutdownNow();
  }

  @Test
  void aStoppedWorkerPollsNoMore() throws Exception {
    WorkerConfig config = new WorkerConfig(temporal.address(), "default", "stopped");
    SsmflowWorker worker = SsmflowWorker.create(config, AWS);
    worker.start();
    worker.shutdown(Duration.ofSeconds(5));

    WorkflowClient client = clientFor(config);
    WorkflowExecution execution =
        client
            .newUntypedWorkflowStub(
                "UnknownWorkflow",
                WorkflowOptions.newBuilder()
                    .setWorkflowId("unpolled-" + System.nanoTime())
                    .setTaskQueue("stopped")
                    .build())
            .start();
    assertThat(waitForEvent(client, execution, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED))
        .isFalse();
    client.getWorkflowServiceStubs().shutdownNow();
  }

  private static WorkflowClient clientFor(WorkerConfig config) {
    return WorkflowClient.newInstance(
        io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
            io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder()
                .setTarget(config.temporalAddress())
                .build()));
  }

  /** Polls history for up to 3 s (test-only wait on a real server's asynchronous state). */
  private static boolean waitForEvent(
      WorkflowClient client, WorkflowExecution execution, EventType type)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < deadline) {
      for (HistoryEvent e : client.fetchHistory(execution.getWorkflowId()).getEvents()) {
        if (e.getEventType() == type) {
          return true;
        }
      }
      Thread.sleep(100);
    }
    return false;
  }
}
