package io.ssmflow.worker;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Inject;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.activities.command.push.CompletionPush;
import io.ssmflow.activities.command.push.PushSettings;
import io.ssmflow.workflows.Workflows;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ssmflow worker: polls one task queue for the workflows of {@link Workflows} and the activities
 * of {@code ActivityImplementations}. Shutdown is graceful: polling stops, running tasks get a
 * bounded time to finish (an activity cut short is retried by Temporal elsewhere).
 */
public final class SsmflowWorker implements AutoCloseable {
  /** How long running activities get to finish on shutdown. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(SsmflowWorker.class);

  private final WorkerFactory factory;
  private final WorkerConfig config;
  private final ActivityInstances activities;
  private final WorkflowServiceStubs stubs;
  private final AwsClients aws;
  private final CompletionPush push;
  private boolean started;
  private boolean stopped;

  @Inject
  public SsmflowWorker(
      WorkerFactory factory,
      WorkerConfig config,
      ActivityInstances activities,
      WorkflowServiceStubs stubs,
      AwsClients aws,
      CompletionPush push) {
    this.factory = requireNonNull(factory, "factory is null");
    this.config = requireNonNull(config, "config is null");
    this.activities = requireNonNull(activities, "activities is null");
    this.stubs = requireNonNull(stubs, "stubs is null");
    this.push = requireNonNull(push, "push is null");
    this.aws = requireNonNull(aws, "aws is null");
  }

  /**
   * Connects to Temporal (failing within {@link TemporalModule#CONNECT_TIMEOUT} when it is
   * unreachable), builds the AWS clients and the worker, not started yet.
   */
  public static SsmflowWorker create(WorkerConfig config, AwsSettings aws) {
    return create(config, aws, PushSettings.OFF);
  }

  /**
   * Like {@link #create(WorkerConfig, AwsSettings)}, with SSM pushing invocation ends to this
   * worker as {@code push} says (its receiver listens and subscribes now).
   */
  public static SsmflowWorker create(WorkerConfig config, AwsSettings aws, PushSettings push) {
    return Guice.createInjector(
            new TemporalModule(config), new AwsModule(aws, push), new WorkerModule())
        .getInstance(SsmflowWorker.class);
  }

  /** Registers the workflows and activities on the task queue and starts polling. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("worker already started");
    }
    Worker worker = factory.newWorker(config.taskQueue(), workerOptions(System.getenv()));
    worker.registerWorkflowImplementationTypes(
        Workflows.implementations().toArray(new Class<?>[0]));
    worker.registerActivitiesImplementations(activities.instances().toArray());
    warmUp();
    factory.start();
    started = true;
    log.info(
        "worker polling task queue {} in namespace {} at {} ({} workflow types,"
            + " {} activity implementations)",
        config.taskQueue(),
        config.namespace(),
        config.temporalAddress(),
        Workflows.implementations().size(),
        activities.instances().size());
  }

  /**
   * Pays the AWS SDK's first-call costs in the background while the worker starts polling ({@link
   * AwsClients#warmUp}): the first operation after a start or a restart then starts about 0.8 s
   * sooner.
   */
  private void warmUp() {
    Thread t =
        new Thread(
            () -> {
              long start = System.nanoTime();
              List<String> problems = aws.warmUp();
              if (problems.isEmpty()) {
                log.debug(
                    "AWS clients warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
              } else {
                problems.forEach(p -> log.info("AWS warm-up read failed (not fatal): {}", p));
              }
            },
            "ssmflow-aws-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The worker options: defaults, except that {@code SSMFLOW_STICKY_EXECUTION=false} turns off
   * sticky task queues (every workflow task then goes to the shared queue, with full history). A
   * real Temporal server moves a dead worker's sticky tasks back to the shared queue after 5 s; the
   * Temporal test server behind {@code ssmflow dev} never does, so there a killed worker's
   * workflows would wait forever for it unless stickiness is off.
   */
  static WorkerOptions workerOptions(java.util.Map<String, String> env) {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if ("false".equalsIgnoreCase(String.valueOf(env.get("SSMFLOW_STICKY_EXECUTION")).trim())) {
      // A zero schedule-to-start timeout makes the SDK send no sticky attributes.
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    return options.build();
  }

  /**
   * Stops polling, waits up to {@code grace} for running tasks, then releases the connections.
   *
   * @return whether every running task finished within the grace period
   */
  public synchronized boolean shutdown(Duration grace) {
    if (stopped) {
      return true;
    }
    stopped = true;
    boolean clean = true;
    try {
      factory.shutdown();
      factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      clean = factory.isTerminated();
      if (!clean) {
        log.warn("running tasks did not finish within {}; Temporal retries them elsewhere", grace);
        factory.shutdownNow();
      }
    } finally {
      stubs.shutdown();
      try {
        stubs.awaitTermination(5, TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        log.debug("service stubs did not terminate cleanly", e);
      }
      push.close();
      aws.close();
    }
    log.info("worker stopped{}", clean ? "" : " (some tasks were cut short)");
    return clean;
  }

  public synchronized boolean isStarted() {
    return started && !stopped;
  }

  /** Whether the worker is polling and its Temporal frontend answers the health check. */
  public boolean healthy() {
    if (!isStarted()) {
      return false;
    }
    try {
      return stubs.healthCheck().getStatus() == ServingStatus.SERVING;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public WorkerConfig config() {
    return config;
  }

  /**
   * Starts, then blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), shutting down gracefully
   * from the shutdown hook.
   */
  public void runUntilStopped(Duration grace) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info(
                      "stopping worker: no new tasks, waiting up to {} for running ones", grace);
                  shutdown(grace);
                  done.countDown();
                },
                "ssmflow-worker-shutdown"));
    start();
    done.await();
  }

  @Override
  public void close() {
    shutdown(DEFAULT_SHUTDOWN_GRACE);
  }
}
