package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.cli.dev.EmbeddedTemporal;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The embedded Temporal listens on loopback only, answers clients, knows the attributes. */
class EmbeddedTemporalTest {
  @Test
  void bindsLoopbackOnlyAndServesClients() throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0, "default")) {
      assertThat(temporal.listenSockets()).isNotEmpty();
      for (SocketAddress a : temporal.listenSockets()) {
        InetSocketAddress inet = (InetSocketAddress) a;
        assertThat(inet.getAddress().isLoopbackAddress()).as("%s is loopback", a).isTrue();
        assertThat(inet.getAddress().isAnyLocalAddress()).as("%s is not a wildcard", a).isFalse();
        assertThat(inet.getPort()).isEqualTo(temporal.port());
      }
      assertThat(temporal.address()).isEqualTo("127.0.0.1:" + temporal.port());

      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build(),
              Duration.ofSeconds(5));
      try {
        WorkflowClient client = WorkflowClient.newInstance(stubs);
        assertThat(client.getWorkflowServiceStubs().healthCheck().getStatus().name())
            .isEqualTo("SERVING");
        // The test server validates search attributes against its registry: ours pass, an
        // unregistered one is refused.
        WorkflowStub ok =
            client.newUntypedWorkflowStub(
                "AnyWorkflow",
                WorkflowOptions.newBuilder()
                    .setWorkflowId("sa-ok")
                    .setTaskQueue("nobody")
                    .setTypedSearchAttributes(
                        SearchAttributes.newBuilder()
                            .set(SsmflowAttributes.OPERATION, "deploy")
                            .set(SsmflowAttributes.APP, "shop")
                            .set(SsmflowAttributes.ENVIRONMENT, "staging")
                            .build())
                    .build());
        assertThat(ok.start().getWorkflowId()).isEqualTo("sa-ok");
        WorkflowStub bad =
            client.newUntypedWorkflowStub(
                "AnyWorkflow",
                WorkflowOptions.newBuilder()
                    .setWorkflowId("sa-bad")
                    .setTaskQueue("nobody")
                    .setTypedSearchAttributes(
                        SearchAttributes.newBuilder()
                            .set(SearchAttributeKey.forKeyword("NotRegistered"), "x")
                            .build())
                    .build());
        assertThatThrownBy(bad::start).isInstanceOf(WorkflowServiceException.class);
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  @Test
  void aTakenPortIsAnIoError() throws Exception {
    try (EmbeddedTemporal first = EmbeddedTemporal.start(0, "default")) {
      assertThatThrownBy(() -> EmbeddedTemporal.start(first.port(), "default"))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
