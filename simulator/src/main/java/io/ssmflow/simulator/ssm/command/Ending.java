package io.ssmflow.simulator.ssm.command;

/**
 * How an invocation ended: the Status and StatusDetails SSM reports for it, the status its plugin
 * reports, and how it counts towards the parent command (AWS "Understanding command statuses").
 */
enum Ending {
  SUCCESS("Success", "Success", "Success", Kind.SUCCESS),
  FAILED("Failed", "Failed", "Failed", Kind.ERROR),
  EXECUTION_TIMED_OUT("TimedOut", "ExecutionTimedOut", "TimedOut", Kind.ERROR),
  /** Not delivered (or no terminal answer from the agent) before the command expired. */
  DELIVERY_TIMED_OUT("TimedOut", "DeliveryTimedOut", "TimedOut", Kind.DELIVERY_TIMEOUT),
  /** The agent cannot be reached at all (ping status Inactive); not an error. */
  UNDELIVERABLE("Failed", "Undeliverable", "Failed", Kind.NEUTRAL),
  /** The document does not run on the instance's platform; not an error. */
  INVALID_PLATFORM("Failed", "InvalidPlatform", "Failed", Kind.NEUTRAL),
  CANCELLED("Cancelled", "Cancelled", "Cancelled", Kind.CANCELLED),
  /** Never started because the parent command exceeded MaxErrors ("canceled by the system"). */
  TERMINATED("Cancelled", "Terminated", "Cancelled", Kind.CANCELLED);

  /** How an ending counts for the command's rate control and final status. */
  enum Kind {
    SUCCESS,
    ERROR,
    DELIVERY_TIMEOUT,
    NEUTRAL,
    CANCELLED
  }

  final String status;
  final String details;
  final String pluginStatus;
  final Kind kind;

  Ending(String status, String details, String pluginStatus, Kind kind) {
    this.status = status;
    this.details = details;
    this.pluginStatus = pluginStatus;
    this.kind = kind;
  }
}
