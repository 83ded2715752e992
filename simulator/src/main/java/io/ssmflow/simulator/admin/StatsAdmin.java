package io.ssmflow.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.CallStats;
import io.ssmflow.simulator.core.Json;

/**
 * {@code GET /_sim/stats}: calls per operation since the start or the last reset ({@code POST
 * /_sim/stats/reset}, or {@code POST /_sim/reset}).
 *
 * <pre>
 * {"since": "2025-05-01T10:00:00Z",
 *  "calls": {"ssm:ListCommands": 90, "ssm:SendCommand": 812, ...},
 *  "errors": {"ssm:SendCommand": {"InvalidInstanceId": 3, "ThrottlingException": 5}},
 *  "undelivered": {"ssm:SendCommand": 1},
 *  "totals": {"all": 905, "ec2": 3, "ssm": 902}}
 * </pre>
 */
public final class StatsAdmin {
  private final CallStats stats;

  public StatsAdmin(CallStats stats, AdminRoutes routes) {
    this.stats = stats;
    routes.add("GET", "/_sim/stats", r -> stats());
    routes.add(
        "POST",
        "/_sim/stats/reset",
        r -> {
          stats.reset();
          return Json.object().put("reset", true).put("since", stats.snapshot().since().toString());
        });
  }

  private JsonNode stats() {
    CallStats.Snapshot s = stats.snapshot();
    ObjectNode out = Json.object().put("since", s.since().toString());
    ObjectNode calls = out.putObject("calls");
    s.calls().forEach(calls::put);
    ObjectNode errors = out.putObject("errors");
    s.errors()
        .forEach(
            (op, codes) -> {
              ObjectNode byCode = errors.putObject(op);
              codes.forEach(byCode::put);
            });
    ObjectNode undelivered = out.putObject("undelivered");
    s.undelivered().forEach(undelivered::put);
    ObjectNode totals = out.putObject("totals").put("all", s.total());
    s.perService().forEach(totals::put);
    return out;
  }
}
