package io.ssmflow.workflows.audit;

import java.util.List;

/**
 * The session-hygiene report.
 *
 * @param maxSessionAgeSeconds the limit
 * @param checkedAtMillis when the sessions were listed (workflow time)
 * @param activeCount active sessions seen
 * @param stale active sessions older than the limit, oldest first
 * @param terminated the stale sessions terminated, with who and when
 * @param operator who ran the audit
 */
public record SessionAuditResult(
    long maxSessionAgeSeconds,
    long checkedAtMillis,
    int activeCount,
    List<SessionInfo> stale,
    List<TerminatedSession> terminated,
    String operator) {
  public SessionAuditResult {
    stale = List.copyOf(stale);
    terminated = List.copyOf(terminated);
  }
}
