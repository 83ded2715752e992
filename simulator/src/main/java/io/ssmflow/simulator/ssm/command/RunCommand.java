package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.Knobs;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.JsonOperation;
import java.util.Map;

/** SSM Run Command and the agents of the simulated instances. */
public final class RunCommand implements AutoCloseable {
  public RunCommand(Fleet fleet, Knobs knobs, AdminRoutes admin) {}

  public Map<String, JsonOperation> operations() {
    return Map.of();
  }

  @Override
  public void close() {}
}
