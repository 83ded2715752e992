package io.ssmflow.simulator.ssm.sessions;

import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.JsonOperation;
import java.util.Map;

/** SSM Session Manager sessions (DescribeSessions, TerminateSession). */
public final class SessionManager {
  public SessionManager(Fleet fleet, AdminRoutes admin) {}

  public Map<String, JsonOperation> operations() {
    return Map.of();
  }
}
