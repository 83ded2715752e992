package io.ssmflow.workflows.audit;

/**
 * An active Session Manager session.
 *
 * @param sessionId the session
 * @param target the instance it is open on
 * @param owner the IAM principal that opened it
 * @param status Connected, Connecting, Disconnected or Terminating
 * @param startedAtMillis when it started (epoch millis)
 */
public record SessionInfo(
    String sessionId, String target, String owner, String status, long startedAtMillis) {}
