package io.ssmflow.simulator.ssm.sessions;

import java.time.Instant;
import java.util.List;

/**
 * One Session Manager session. Immutable: a state change (termination) replaces the session in
 * {@link SessionManager}'s map with a new value.
 *
 * @param status Connected, Connecting, Disconnected, Terminating (active) or Terminated, Failed
 *     (history)
 */
record Session(
    String id,
    String target,
    String owner,
    String status,
    Instant startDate,
    Instant endDate,
    String documentName,
    String reason,
    String details,
    String accessType) {

  static final List<String> ACTIVE =
      List.of("Connected", "Connecting", "Disconnected", "Terminating");
  static final List<String> HISTORY = List.of("Terminated", "Failed");
  static final List<String> STATUSES =
      List.of("Connected", "Connecting", "Disconnected", "Terminated", "Terminating", "Failed");

  boolean active() {
    return ACTIVE.contains(status);
  }

  Session terminated(Instant at) {
    return new Session(
        id, target, owner, "Terminated", startDate, at, documentName, reason, details, accessType);
  }
}
