package io.ssmflow.cli;

import io.ssmflow.worker.WorkerConfig;
import io.ssmflow.worker.codec.PayloadEncryption;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A client connection for one CLI command. Connecting runs the frontend's health check with a short
 * deadline, so an unreachable address fails in seconds with one line (exit code 2).
 */
public final class TemporalConnection implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(15);

  /** How long closing waits for the cancelled calls and the transport to wind down. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  /** A query nobody answers (no worker on the task queue) must not hang status for a minute. */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

  /** How long one CLI call retries transient RPC failures (the SDK's default is a minute). */
  static final Duration RETRY_EXPIRATION = Duration.ofSeconds(6);

  private final WorkerConfig config;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  private TemporalConnection(
      WorkerConfig config, WorkflowServiceStubs stubs, DataConverter converter) {
    this.config = config;
    this.stubs = stubs;
    this.client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(config.namespace())
                .setDataConverter(converter)
                .build());
  }

  /**
   * The data converter for the config's codec key file (payload encryption), or a {@link CliError}
   * naming the file and the problem.
   */
  public static DataConverter dataConverter(WorkerConfig config) {
    try {
      return PayloadEncryption.dataConverter(config.codecKeyFile());
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
  }

  /** Connects or throws a {@link CliError} naming the address and the fix. */
  public static TemporalConnection open(WorkerConfig config) {
    DataConverter converter = dataConverter(config);
    probe(config.temporalAddress());
    WorkflowServiceStubs stubs;
    try {
      stubs =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(config.temporalAddress())
                  .setRpcTimeout(RPC_TIMEOUT)
                  .setRpcQueryTimeout(QUERY_TIMEOUT)
                  .setRpcRetryOptions(
                      RpcRetryOptions.newBuilder()
                          .setExpiration(RETRY_EXPIRATION)
                          .validateBuildWithDefaults())
                  .build(),
              CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      throw new CliError(CliError.BAD_INPUT, unreachable(config.temporalAddress(), e), e);
    }
    return new TemporalConnection(config, stubs, converter);
  }

  /**
   * A plain TCP connect first: gRPC's health check keeps retrying a refused connection for longer
   * than its deadline, while a refused or unresolvable address is known at once.
   */
  public static void probe(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    int port = Integer.parseInt(address.substring(colon + 1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) PROBE_TIMEOUT.toMillis());
    } catch (java.net.UnknownHostException e) {
      throw new CliError(
          CliError.BAD_INPUT, unreachable(address, new IOException("unknown host " + host)), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliError(CliError.BAD_INPUT, unreachable(address, e), e);
    }
  }

  static String unreachable(String address, Throwable e) {
    return "cannot reach Temporal at "
        + address
        + " ("
        + Errors.rootMessage(e)
        + "): start it with `ssmflow dev` or point TEMPORAL_ADDRESS / --address at a server";
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkerConfig config() {
    return config;
  }

  /**
   * Closes the channel once the command has its answers. What is still in flight (such as a long
   * poll of a history) is cancelled, not waited for: a graceful shutdown waited for it, which held
   * the command's exit for up to two seconds after its work was done.
   */
  @Override
  public void close() {
    stubs.shutdownNow();
    try {
      stubs.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      // Interrupted or already gone: nothing more to release.
    }
  }
}
