package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.admin.AdminException;
import io.ssmflow.simulator.admin.AdminRequest;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.fleet.Latency;
import java.time.Instant;

/**
 * Admin routes for Run Command: an instance's command history (what ran on it and how many times
 * each command text ran), recent commands, and Run Command's settings.
 */
final class CommandAdmin {
  private final Fleet fleet;
  private final CommandStore store;
  private final Dispatcher dispatcher;
  private final RunCommandSettings settings;
  private final ShellRunner shell;

  CommandAdmin(
      Fleet fleet,
      CommandStore store,
      Dispatcher dispatcher,
      RunCommandSettings settings,
      ShellRunner shell,
      AdminRoutes routes) {
    this.fleet = fleet;
    this.store = store;
    this.dispatcher = dispatcher;
    this.settings = settings;
    this.shell = shell;
    routes.add("GET", "/_sim/instances/{id}/commands", this::history);
    routes.add("GET", "/_sim/commands", this::recent);
    routes.add("GET", "/_sim/commands/settings", r -> settingsJson());
    routes.add("POST", "/_sim/commands/settings", this::updateSettings);
  }

  /** {instanceId, commands: [{commandId, documentName, text, status, ...}], counts: {text: n}}. */
  private JsonNode history(AdminRequest r) {
    Instance i =
        fleet
            .instanceByIdOrName(r.var("id"))
            .orElseThrow(() -> AdminException.notFound("no instance " + r.var("id")));
    ObjectNode out = Json.object().put("instanceId", i.id()).put("name", i.name());
    ArrayNode list = out.putArray("commands");
    ObjectNode counts = out.putObject("counts");
    Agent agent = dispatcher.agentOf(i.id());
    if (agent != null) {
      for (HistoryEntry e : agent.history()) {
        ObjectNode n =
            list.addObject()
                .put("commandId", e.commandId)
                .put("documentName", e.documentName)
                .put("text", e.text)
                .put("status", e.status)
                .put("statusDetails", e.statusDetails)
                .put("responseCode", e.responseCode)
                .put("start", Instant.ofEpochMilli(e.startMillis).toString());
        if (e.endMillis > 0) {
          n.put("end", Instant.ofEpochMilli(e.endMillis).toString());
        } else {
          n.putNull("end");
        }
      }
      agent.counts().forEach(counts::put);
      out.put("runs", agent.runs()).put("queued", agent.queued());
    } else {
      out.put("runs", 0).put("queued", 0);
    }
    return out;
  }

  /** The most recent commands, newest first ({@code ?limit=}, default 20). */
  private JsonNode recent(AdminRequest r) {
    int limit;
    try {
      limit = Integer.parseInt(r.query("limit", "20"));
    } catch (NumberFormatException e) {
      throw AdminException.badRequest("limit must be a number");
    }
    ObjectNode out =
        Json.object()
            .put("retainedCommands", store.size())
            .put("retainedInvocations", store.retainedInvocations())
            .put("forgottenCommands", store.forgotten())
            .put("busyWorkers", dispatcher.busyWorkers())
            .put("queuedWork", dispatcher.queuedWork());
    Runtime rt = Runtime.getRuntime();
    out.putObject("jvm")
        .put("heapUsedMb", (rt.totalMemory() - rt.freeMemory()) >> 20)
        .put("heapCommittedMb", rt.totalMemory() >> 20)
        .put("heapMaxMb", rt.maxMemory() >> 20);
    ArrayNode list = out.putArray("commands");
    int n = 0;
    for (Command c : store.newestFirst()) {
      if (n++ >= limit) {
        break;
      }
      synchronized (c) {
        String text = c.text;
        list.addObject()
            .put("commandId", c.id)
            .put("documentName", c.document.name())
            .put("comment", c.request.comment())
            .put("text", text.length() > 200 ? text.substring(0, 200) + "..." : text)
            .put("status", c.status)
            .put("statusDetails", c.statusDetails)
            .put("requested", c.requested.toString())
            .put("targetCount", c.targetCount())
            .put("completedCount", c.completed)
            .put("errorCount", c.errors)
            .put("deliveryTimedOutCount", c.deliveryTimeouts)
            .put("inFlight", c.inFlight)
            .put("maxConcurrency", c.maxConcurrency)
            .put("maxErrors", c.maxErrors);
      }
    }
    return out;
  }

  private JsonNode settingsJson() {
    return Json.object()
        .put("timeoutScale", settings.timeoutScale)
        .put("maxCommands", settings.maxCommands)
        .put("maxInvocations", settings.maxInvocations)
        .put("rebootDurationMs", settings.rebootDuration.toMillis())
        .put("isolation", shell.isolated() ? "bwrap" : "none")
        .put("isolationDetail", shell.describe());
  }

  /**
   * Body: {"timeoutScale": 0.01, "maxCommands": 5000, "maxInvocations": 100000, "rebootDuration":
   * "300ms"}; every member optional.
   */
  private JsonNode updateSettings(AdminRequest r) {
    JsonNode b = r.json();
    if (b.has("timeoutScale")) {
      double v = b.get("timeoutScale").asDouble(-1);
      if (!(v > 0 && v <= 1)) {
        throw AdminException.badRequest("timeoutScale must be > 0 and <= 1");
      }
      settings.timeoutScale = v;
    }
    if (b.has("maxCommands")) {
      settings.maxCommands = positive(b, "maxCommands");
    }
    if (b.has("maxInvocations")) {
      settings.maxInvocations = positive(b, "maxInvocations");
    }
    if (b.has("rebootDuration")) {
      try {
        settings.rebootDuration = Latency.duration(b.get("rebootDuration").asText());
      } catch (IllegalArgumentException e) {
        throw AdminException.badRequest("rebootDuration: " + e.getMessage());
      }
    }
    store.trim(settings.maxCommands, settings.maxInvocations);
    return settingsJson();
  }

  private static int positive(JsonNode b, String key) {
    int v = b.get(key).asInt(-1);
    if (v < 1) {
      throw AdminException.badRequest(key + " must be a positive whole number");
    }
    return v;
  }
}
