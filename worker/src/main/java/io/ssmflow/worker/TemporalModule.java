package io.ssmflow.worker;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.ssmflow.worker.codec.PayloadEncryption;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;

/**
 * Binds the connection to Temporal: service stubs and a client on the configured namespace whose
 * data converter encrypts payloads when the config names a codec key file.
 */
public final class TemporalModule extends AbstractModule {
  /** How long to wait for the frontend's health check before giving up. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final WorkerConfig config;

  public TemporalModule(WorkerConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  @Override
  protected void configure() {
    bind(WorkerConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  WorkflowServiceStubs serviceStubs(WorkerConfig config) {
    return WorkflowServiceStubs.newConnectedServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(config.temporalAddress()).build(),
        CONNECT_TIMEOUT);
  }

  @Provides
  @Singleton
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, WorkerConfig config) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(config.namespace())
            .setDataConverter(PayloadEncryption.dataConverter(config.codecKeyFile()))
            .build());
  }
}
