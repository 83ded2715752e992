package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.command.InvocationStatus;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SSM Status + StatusDetails to InvocationStatus. */
class InvocationStatusesTest {
  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "Success,Success,SUCCESS",
        "Failed,Failed,FAILED",
        "TimedOut,ExecutionTimedOut,TIMED_OUT",
        "Failed,ExecutionTimedOut,TIMED_OUT",
        "TimedOut,Execution Timed Out,TIMED_OUT",
        "TimedOut,DeliveryTimedOut,DELIVERY_TIMED_OUT",
        "TimedOut,Delivery Timed Out,DELIVERY_TIMED_OUT",
        "TimedOut,null,DELIVERY_TIMED_OUT",
        "Failed,Undeliverable,UNDELIVERABLE",
        "Failed,InvalidPlatform,UNDELIVERABLE",
        "Cancelled,Cancelled,CANCELLED",
        "Cancelled,Terminated,CANCELLED",
        "Failed,Terminated,CANCELLED",
      })
  void terminalStatuses(String status, String details, InvocationStatus expected) {
    assertThat(InvocationStatuses.terminal(status, details)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "Pending,Pending",
        "InProgress,InProgress",
        "Delayed,Delayed",
        "Cancelling,Cancelling",
        "Pending,null",
        "null,null"
      })
  void runningStatuses(String status, String details) {
    assertThat(InvocationStatuses.terminal(status, details)).isEqualTo(Optional.empty());
  }
}
