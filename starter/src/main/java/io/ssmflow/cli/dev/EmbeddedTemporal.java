package io.ssmflow.cli.dev;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal Java test server (in memory, real time), served on a gRPC server bound to loopback
 * only. The test server's own {@code TestServer.createPortBoundServer} binds every interface, which
 * would expose an unauthenticated Temporal frontend to the network; here its services are mounted
 * on a Netty server bound to 127.0.0.1.
 */
public final class EmbeddedTemporal implements TemporalServer {
  public static final String LOOPBACK = "127.0.0.1";
  public static final int DEFAULT_PORT = 7233;

  /** The custom search attributes ssmflow sets, registered on every server dev starts. */
  static final List<SearchAttributeKey<String>> KEYWORDS =
      List.of(
          SsmflowAttributes.OPERATION,
          SsmflowAttributes.APP,
          SsmflowAttributes.ENVIRONMENT,
          SsmflowAttributes.DOCUMENT);

  private final TestServicesStarter services;
  private final Server server;

  private EmbeddedTemporal(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  /**
   * Starts the server on 127.0.0.1:{@code port} (0: a free port) and registers ssmflow's search
   * attributes on it.
   *
   * @throws IOException when the port cannot be bound
   */
  public static EmbeddedTemporal start(int port, String namespace) throws IOException {
    // lockTimeSkipping = true: time runs like on a real server (no skipping).
    TestServicesStarter services = new TestServicesStarter(true, 0);
    Server server;
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(
              new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      server = builder.build().start();
    } catch (IOException | RuntimeException e) {
      services.close();
      throw e;
    }
    EmbeddedTemporal temporal = new EmbeddedTemporal(services, server);
    try {
      temporal.registerSearchAttributes(namespace);
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
    return temporal;
  }

  /** {@code 127.0.0.1:PORT}, what {@code TEMPORAL_ADDRESS} should hold. */
  @Override
  public String address() {
    return LOOPBACK + ":" + server.getPort();
  }

  /** The test server has no Web UI. */
  @Override
  public Optional<String> webUi() {
    return Optional.empty();
  }

  @Override
  public String description() {
    return "the Java test server, in memory";
  }

  @Override
  public boolean stickyExecutionSafe() {
    return false;
  }

  @Override
  public int port() {
    return server.getPort();
  }

  /** The sockets the server listens on (for checking that only loopback is bound). */
  public List<? extends SocketAddress> listenSockets() {
    return server.getListenSockets();
  }

  private void registerSearchAttributes(String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address())
                .validateAndBuildWithDefaults());
    try {
      AddSearchAttributesRequest.Builder request =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (SearchAttributeKey<String> key : KEYWORDS) {
        request.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      operator
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .addSearchAttributes(request.build());
    } finally {
      operator.shutdownNow();
    }
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    } finally {
      services.close();
    }
  }
}
