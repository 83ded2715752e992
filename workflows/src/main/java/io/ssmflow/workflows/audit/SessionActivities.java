package io.ssmflow.workflows.audit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Session Manager: DescribeSessions and TerminateSession. */
@ActivityInterface
public interface SessionActivities {
  /** The active sessions (DescribeSessions State=Active, every page). */
  @ActivityMethod
  List<SessionInfo> activeSessions();

  /**
   * Terminates a session; idempotent (an already ended session is fine).
   *
   * @param sessionId the session
   * @return "terminated" or "already ended"
   */
  @ActivityMethod
  String terminateSession(String sessionId);
}
