package io.ssmflow.workflows.audit;

import java.time.Duration;

/**
 * Session hygiene: list active Session Manager sessions older than a limit, and optionally
 * terminate them.
 *
 * @param maxSessionAge sessions active for longer are stale
 * @param terminateStale whether to terminate the stale sessions
 * @param operator who runs the audit (recorded with every termination)
 * @param snsTopicArn the topic for the summary (null: none)
 */
public record SessionAuditRequest(
    Duration maxSessionAge, boolean terminateStale, String operator, String snsTopicArn) {}
