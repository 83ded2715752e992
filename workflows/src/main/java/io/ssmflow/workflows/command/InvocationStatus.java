package io.ssmflow.workflows.command;

/** The final status of one command invocation, as SSM reports it. */
public enum InvocationStatus {
  SUCCESS,
  FAILED,
  /** The command ran past its execution timeout (an error for MaxErrors). */
  TIMED_OUT,
  /** The agent never received it in time (DeliveryTimedOut): reported, not an error. */
  DELIVERY_TIMED_OUT,
  /** The instance could not receive it (Undeliverable, e.g. terminated): not an error. */
  UNDELIVERABLE,
  CANCELLED;

  /** Whether SSM's MaxErrors counts this outcome as an error. */
  public boolean countsAsError() {
    return this == FAILED || this == TIMED_OUT;
  }

  public boolean succeeded() {
    return this == SUCCESS;
  }
}
