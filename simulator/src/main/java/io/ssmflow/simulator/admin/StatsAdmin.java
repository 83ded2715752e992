package io.ssmflow.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.CallStats;
import io.ssmflow.simulator.core.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code GET /_sim/stats}: calls per operation since the start or the last reset ({@code POST
 * /_sim/stats/reset}, or {@code POST /_sim/reset}).
 *
 * <pre>
 * {"since": "2025-05-01T10:00:00Z",
 *  "calls": {"ssm:ListCommands": 90, "ssm:SendCommand": 812, ...},
 *  "errors": {"ssm:SendCommand": {"InvalidInstanceId": 3, "ThrottlingException": 5}},
 *  "undelivered": {"ssm:SendCommand": 1},
 *  "totals": {"all": 905, "ec2": 3, "ssm": 902},
 *  "notifications": {"published": 800, "failed": 0, "dropped": 0, "queued": 0}}
 * </pre>
 *
 * <p>Other parts of the simulator add their own sections ({@link #section}), such as the count of
 * Run Command status notifications published to SNS.
 */
public final class StatsAdmin {
  private final CallStats stats;
  private final Map<String, Supplier<? extends JsonNode>> sections = new ConcurrentHashMap<>();

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

  /** Adds {@code "name": supplier()} to every stats answer. */
  public void section(String name, Supplier<? extends JsonNode> supplier) {
    sections.put(name, supplier);
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
    sections.forEach((name, supplier) -> out.set(name, supplier.get()));
    return out;
  }
}
