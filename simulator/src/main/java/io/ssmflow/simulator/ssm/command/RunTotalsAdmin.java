package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.admin.AdminException;
import io.ssmflow.simulator.admin.AdminRequest;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.Knobs;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.util.Map;

/**
 * Admin routes for Run Command's totals: command runs per instance and Comment ({@link RunTotals})
 * and the SendCommand answers held by the {@code sendCommandResponseDelay} knob ({@link
 * HeldAnswers}).
 */
final class RunTotalsAdmin {
  private final Fleet fleet;
  private final RunTotals runTotals;
  private final HeldAnswers heldAnswers;
  private final Knobs knobs;

  RunTotalsAdmin(
      Fleet fleet, RunTotals runTotals, HeldAnswers heldAnswers, Knobs knobs, AdminRoutes routes) {
    this.fleet = fleet;
    this.runTotals = runTotals;
    this.heldAnswers = heldAnswers;
    this.knobs = knobs;
    routes.add("GET", "/_sim/runs", r -> runs());
    routes.add("GET", "/_sim/instances/{id}/runs", this::instanceRuns);
    routes.add("GET", "/_sim/commands/held-responses", r -> held());
  }

  /**
   * Command runs summed over the fleet since the start or the last stats reset: {since, runs,
   * instances, labels: {label: {instances, runs, maxPerInstance, instancesMoreThanOnce}}, repeated:
   * {count, examples: [{instanceId, comment, runs}]}, droppedComments}. {@code repeated} lists
   * (instance, Comment) pairs that ran more than once: one command key run twice.
   */
  private JsonNode runs() {
    RunTotals.Summary s = runTotals.summary();
    ObjectNode out =
        Json.object()
            .put("since", s.since().toString())
            .put("runs", s.runs())
            .put("instances", s.instances());
    ObjectNode labels = out.putObject("labels");
    s.labels()
        .forEach(
            (label, l) ->
                labels
                    .putObject(label)
                    .put("instances", l.instances())
                    .put("runs", l.runs())
                    .put("maxPerInstance", l.maxPerInstance())
                    .put("instancesMoreThanOnce", l.instancesMoreThanOnce()));
    ObjectNode repeated = out.putObject("repeated").put("count", s.repeatedCount());
    ArrayNode examples = repeated.putArray("examples");
    s.repeatedExamples()
        .forEach(
            r ->
                examples
                    .addObject()
                    .put("instanceId", r.instanceId())
                    .put("comment", r.comment())
                    .put("runs", r.runs()));
    out.put("droppedComments", s.droppedComments());
    return out;
  }

  /** One instance: {instanceId, runs, byComment: {comment: n}} in first-run order. */
  private JsonNode instanceRuns(AdminRequest r) {
    Instance i =
        fleet
            .instanceByIdOrName(r.var("id"))
            .orElseThrow(() -> AdminException.notFound("no instance " + r.var("id")));
    Map<String, Integer> counts = runTotals.of(i.id());
    ObjectNode out =
        Json.object()
            .put("instanceId", i.id())
            .put("runs", counts.values().stream().mapToLong(Integer::longValue).sum());
    ObjectNode byComment = out.putObject("byComment");
    counts.forEach(byComment::put);
    return out;
  }

  /**
   * SendCommand answers held by the sendCommandResponseDelay knob: {delayMs, heldTotal,
   * releasedTotal, held: [{commandId, comment, targetCount, createdAt, releaseAt, client}]}.
   */
  private JsonNode held() {
    ObjectNode out =
        Json.object()
            .put("delayMs", knobs.sendCommandResponseDelay().toMillis())
            .put("heldTotal", heldAnswers.heldTotal())
            .put("releasedTotal", heldAnswers.releasedTotal());
    ArrayNode list = out.putArray("held");
    for (HeldAnswers.Held h : heldAnswers.now()) {
      list.addObject()
          .put("commandId", h.commandId())
          .put("comment", h.comment())
          .put("targetCount", h.targetCount())
          .put("createdAt", h.createdAt().toString())
          .put("releaseAt", h.releaseAt().toString())
          .put("client", h.client());
    }
    return out;
  }
}
