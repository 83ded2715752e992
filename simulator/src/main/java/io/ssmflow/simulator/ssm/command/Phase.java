package io.ssmflow.simulator.ssm.command;

/** Where an invocation is in its life; the reported Status follows from it. */
enum Phase {
  /** Held back by the command's MaxConcurrency window. */
  WAITING("Pending"),
  /** Sent to the instance's agent, behind the command the agent is running now. */
  QUEUED("Pending"),
  /** The agent could not be reached (instance stopped or ConnectionLost); retried. */
  DELAYED("Delayed"),
  /** Being delivered to the agent (the Pending knob). */
  DELIVERING("Pending"),
  RUNNING("InProgress"),
  CANCELLING("Cancelling"),
  DONE(null);

  final String status;

  Phase(String status) {
    this.status = status;
  }

  /** Neither started nor finished: a delivery timeout or a cancel ends it without running. */
  boolean notStarted() {
    return this == WAITING || this == QUEUED || this == DELAYED || this == DELIVERING;
  }
}
