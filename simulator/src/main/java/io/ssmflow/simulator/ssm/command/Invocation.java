package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.fleet.Instance;
import java.util.concurrent.ScheduledFuture;

/**
 * One command on one instance. Compact on purpose (a 10,000-instance command has 10,000 of these):
 * every mutable field is guarded by the parent {@link Command}'s monitor.
 */
final class Invocation {
  final Command command;
  final Instance instance;
  final int index;

  Phase phase = Phase.WAITING;
  Ending ending;
  int responseCode = -1;
  long startMillis;
  long endMillis;
  String stdout = "";
  String stderr = "";

  /** True while this invocation is the one its agent is busy with. */
  boolean holdsAgent;

  /** The agent went offline while running it: it ends DeliveryTimedOut when the command expires. */
  boolean agentLost;

  /** A worker thread (shell process or patch run) owns the execution; cancel goes through it. */
  boolean onWorker;

  ScheduledFuture<?> timer;
  Process process;
  HistoryEntry history;

  Invocation(Command command, Instance instance, int index) {
    this.command = command;
    this.instance = instance;
    this.index = index;
  }

  String status() {
    return phase == Phase.DONE ? ending.status : phase.status;
  }

  String statusDetails() {
    return phase == Phase.DONE ? ending.details : phase.status;
  }

  boolean started() {
    return startMillis > 0;
  }
}
