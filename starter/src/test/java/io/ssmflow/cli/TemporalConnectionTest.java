package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.StatusRuntimeException;
import io.ssmflow.cli.dev.EmbeddedTemporal;
import io.ssmflow.worker.WorkerConfig;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A CLI command's connection to Temporal. */
class TemporalConnectionTest {
  /**
   * A command is done once it has its answers: closing cancels a call still in flight (a long poll
   * of a history, say) instead of waiting for it, which used to hold the command's exit for up to
   * two seconds.
   */
  @Test
  void closingCancelsACallStillInFlight() throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0, "default")) {
      TemporalConnection connection =
          TemporalConnection.open(
              WorkerConfig.fromEnvironment(Map.of("TEMPORAL_ADDRESS", temporal.address())));
      // A workflow no worker runs: the long poll for its close event has nothing to answer.
      connection
          .client()
          .newUntypedWorkflowStub(
              "NobodyRunsThis",
              WorkflowOptions.newBuilder()
                  .setWorkflowId("never-closes")
                  .setTaskQueue("nobody")
                  .build())
          .start();
      ListenableFuture<GetWorkflowExecutionHistoryResponse> poll =
          connection
              .stubs()
              .futureStub()
              .withDeadlineAfter(60, TimeUnit.SECONDS)
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId("never-closes"))
                      .setWaitNewEvent(true)
                      .setHistoryEventFilterType(
                          HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                      .build());
      assertThat(poll.isDone()).as("the long poll is in flight").isFalse();

      connection.close();

      assertThat(poll.isDone()).as("the long poll ended with the connection").isTrue();
      assertThatThrownBy(poll::get)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(StatusRuntimeException.class);
      assertThat(connection.stubs().isTerminated()).isTrue();
    }
  }
}
