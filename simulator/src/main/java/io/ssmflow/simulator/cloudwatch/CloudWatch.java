package io.ssmflow.simulator.cloudwatch;

import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.JsonOperation;
import io.ssmflow.simulator.sns.Sns;
import java.util.Map;

/** CloudWatch metrics and alarms. */
public final class CloudWatch implements AutoCloseable {
  public CloudWatch(Fleet fleet, Sns sns, AdminRoutes admin) {}

  public Map<String, JsonOperation> operations() {
    return Map.of();
  }

  @Override
  public void close() {}
}
