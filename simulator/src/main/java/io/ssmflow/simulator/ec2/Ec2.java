package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.QueryOperation;
import java.util.Map;

/** EC2: instances, tags, volumes, snapshots, replace-root-volume tasks. */
public final class Ec2 implements AutoCloseable {
  public Ec2(Fleet fleet, AdminRoutes admin) {}

  public Map<String, QueryOperation> operations() {
    return Map.of();
  }

  @Override
  public void close() {}
}
