package io.ssmflow.workflows.audit;

/**
 * A stale session the audit terminated.
 *
 * @param sessionId the session
 * @param target its instance
 * @param owner who had opened it
 * @param terminatedBy the operator who ordered the termination
 * @param terminatedAtMillis when (epoch millis, workflow time)
 * @param outcome "terminated", or "already ended" when the session had ended meanwhile
 */
public record TerminatedSession(
    String sessionId,
    String target,
    String owner,
    String terminatedBy,
    long terminatedAtMillis,
    String outcome) {}
