package io.ssmflow.simulator.sns;

import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.QueryOperation;
import java.util.Map;

/** SNS: topics, subscriptions, Publish. */
public final class Sns implements AutoCloseable {
  public Sns(Fleet fleet, AdminRoutes admin) {}

  public Map<String, QueryOperation> operations() {
    return Map.of();
  }

  @Override
  public void close() {}
}
