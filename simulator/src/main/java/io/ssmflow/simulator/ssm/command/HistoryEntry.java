package io.ssmflow.simulator.ssm.command;

/**
 * One command an instance's agent started, for the admin API's command history. Written under the
 * command's monitor, read by admin requests, hence volatile.
 */
final class HistoryEntry {
  final String commandId;
  final String documentName;
  final String text;
  final long startMillis;
  volatile String status = "InProgress";
  volatile String statusDetails = "InProgress";
  volatile int responseCode = -1;
  volatile long endMillis;

  HistoryEntry(String commandId, String documentName, String text, long startMillis) {
    this.commandId = commandId;
    this.documentName = documentName;
    this.text = text;
    this.startMillis = startMillis;
  }

  void finish(Ending ending, int code, long end) {
    this.responseCode = code;
    this.endMillis = end;
    this.statusDetails = ending.details;
    this.status = ending.status;
  }
}
