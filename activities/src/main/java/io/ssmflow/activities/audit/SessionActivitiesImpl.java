package io.ssmflow.activities.audit;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.audit.SessionActivities;
import io.ssmflow.workflows.audit.SessionInfo;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DoesNotExistException;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionState;

/** Session Manager through DescribeSessions (paginated) and TerminateSession. */
public final class SessionActivitiesImpl implements SessionActivities {
  static final int PAGE_SIZE = 200;

  private final SsmClient ssm;

  @Inject
  public SessionActivitiesImpl(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  @Override
  public List<SessionInfo> activeSessions() {
    List<SessionInfo> sessions = new ArrayList<>();
    for (var page :
        ssm.describeSessionsPaginator(b -> b.state(SessionState.ACTIVE).maxResults(PAGE_SIZE))) {
      for (Session s : page.sessions()) {
        sessions.add(
            new SessionInfo(
                s.sessionId(),
                s.target(),
                s.owner(),
                s.statusAsString(),
                s.startDate() == null ? 0 : s.startDate().toEpochMilli()));
      }
    }
    return sessions;
  }

  @Override
  public String terminateSession(String sessionId) {
    requireNonNull(sessionId, "sessionId is null");
    try {
      ssm.terminateSession(b -> b.sessionId(sessionId));
      return "terminated";
    } catch (DoesNotExistException e) {
      // Gone already (expired from history): the goal, no active session, holds.
      return "already ended";
    }
  }
}
