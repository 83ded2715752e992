package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.notify.NotificationActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;

/** Lists stale sessions, terminates them when asked, records who and when. */
public final class SessionAuditWorkflowImpl implements SessionAuditWorkflow {
  private static final Logger log = Workflow.getLogger(SessionAuditWorkflowImpl.class);

  private final SessionActivities sessions =
      Workflow.newActivityStub(SessionActivities.class, AuditActivityOptions.shortCall());
  private final NotificationActivities notify =
      Workflow.newActivityStub(NotificationActivities.class, AuditActivityOptions.notifications());

  @Override
  public SessionAuditResult audit(SessionAuditRequest request) {
    if (request.maxSessionAge() == null
        || request.maxSessionAge().isNegative()
        || request.maxSessionAge().isZero()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "maxSessionAge must be positive", "InvalidInput");
    }
    if (request.terminateStale() && (request.operator() == null || request.operator().isBlank())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "terminating needs an operator", "InvalidInput");
    }
    long now = Workflow.currentTimeMillis();
    List<SessionInfo> active = sessions.activeSessions();
    long limit = now - request.maxSessionAge().toMillis();
    List<SessionInfo> stale =
        new ArrayList<>(active.stream().filter(s -> s.startedAtMillis() < limit).toList());
    stale.sort(
        Comparator.comparingLong(SessionInfo::startedAtMillis)
            .thenComparing(SessionInfo::sessionId));
    List<TerminatedSession> terminated = new ArrayList<>();
    if (request.terminateStale()) {
      for (SessionInfo s : stale) {
        String outcome = sessions.terminateSession(s.sessionId());
        terminated.add(
            new TerminatedSession(
                s.sessionId(),
                s.target(),
                s.owner(),
                request.operator(),
                Workflow.currentTimeMillis(),
                outcome));
      }
    }
    SessionAuditResult result =
        new SessionAuditResult(
            request.maxSessionAge().toSeconds(),
            now,
            active.size(),
            stale,
            terminated,
            request.operator());
    if (request.snsTopicArn() != null) {
      try {
        notify.publish(
            request.snsTopicArn(),
            "ssmflow session audit: "
                + stale.size()
                + " stale, "
                + terminated.size()
                + " terminated",
            message(result));
      } catch (ActivityFailure e) {
        log.warn("session audit summary not published: {}", e.getMessage());
      }
    }
    return result;
  }

  private static String message(SessionAuditResult r) {
    StringBuilder b =
        new StringBuilder(
            "Sessions active for more than "
                + r.maxSessionAgeSeconds()
                + " s: "
                + r.stale().size()
                + "\n");
    r.stale().stream()
        .limit(20)
        .forEach(
            s ->
                b.append("- ")
                    .append(s.sessionId())
                    .append(" on ")
                    .append(s.target())
                    .append(" by ")
                    .append(s.owner())
                    .append('\n'));
    if (!r.terminated().isEmpty()) {
      b.append("Terminated by ")
          .append(r.operator())
          .append(": ")
          .append(r.terminated().size())
          .append('\n');
    }
    return b.toString();
  }
}
