package io.ssmflow.simulator.ssm.params;

import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.JsonOperation;
import java.util.Map;

/** SSM Parameter Store (PutParameter, GetParameter(s), GetParametersByPath, history, labels, tags, delete, describe). */
public final class ParameterStore {
  public ParameterStore(Fleet fleet, AdminRoutes admin) {}

  public Map<String, JsonOperation> operations() {
    return Map.of();
  }
}
