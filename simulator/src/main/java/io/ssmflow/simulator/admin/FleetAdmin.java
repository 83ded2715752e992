package io.ssmflow.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.Knobs;
import io.ssmflow.simulator.fleet.FaultRule;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.FleetFile;
import io.ssmflow.simulator.fleet.FleetFileException;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.fleet.LoadAverage;
import io.ssmflow.simulator.fleet.Patch;
import io.ssmflow.simulator.fleet.Volume;
import io.ssmflow.simulator.sandbox.InstancePath;
import io.ssmflow.simulator.sandbox.SandboxFiles;
import io.ssmflow.simulator.sandbox.SandboxPathException;
import io.ssmflow.simulator.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Admin routes for the fleet itself: load, inspect, files, ping status, faults, knobs, reset. */
public final class FleetAdmin {
  private static final int MAX_FILE_BYTES = 1 << 20;
  private static final int MAX_ENTRIES = 10_000;

  private final Fleet fleet;
  private final Knobs knobs;

  public FleetAdmin(Fleet fleet, Knobs knobs, AdminRoutes routes) {
    this.fleet = fleet;
    this.knobs = knobs;
    routes.add("GET", "/_sim", r -> index(routes));
    routes.add(
        "GET",
        "/_sim/health",
        r -> Json.object().put("status", "ok").put("instances", fleet.size()));
    routes.add("POST", "/_sim/fleet", this::load);
    routes.add("GET", "/_sim/instances", this::list);
    routes.add("GET", "/_sim/instances/{id}", r -> describe(instance(r)));
    routes.add("POST", "/_sim/instances/{id}/ping", this::setPing);
    routes.add("POST", "/_sim/instances/{id}/state", this::setState);
    routes.add("GET", "/_sim/instances/{id}/files", this::files);
    routes.add("POST", "/_sim/instances/{id}/files", this::writeFile);
    routes.add("POST", "/_sim/instances/{id}/load", this::setLoad);
    routes.add("GET", "/_sim/faults", r -> faults());
    routes.add("POST", "/_sim/faults", this::addFaults);
    routes.add(
        "DELETE",
        "/_sim/faults",
        r -> Json.object().put("removed", fleet.clearFaults(r.query("id", null))));
    routes.add("GET", "/_sim/knobs", r -> knobs());
    routes.add("POST", "/_sim/knobs", this::setKnobs);
    routes.add(
        "POST",
        "/_sim/reset",
        r -> {
          fleet.reset();
          knobs.reset();
          return Json.object().put("reset", true);
        });
  }

  private JsonNode index(AdminRoutes routes) {
    ObjectNode out =
        Json.object()
            .put("service", "ssmflow fleet simulator")
            .put("instances", fleet.size())
            .put("stateDir", fleet.stateDir().toString());
    ArrayNode list = out.putArray("routes");
    routes.describe().forEach(list::add);
    return out;
  }

  private Instance instance(AdminRequest r) {
    return fleet
        .instanceByIdOrName(r.var("id"))
        .orElseThrow(() -> AdminException.notFound("no instance " + r.var("id")));
  }

  private JsonNode load(AdminRequest r) {
    FleetFile.Contents contents;
    try {
      contents = FleetFile.parse(r.bodyText(), "request body");
      List<Instance> created = fleet.load(contents);
      ObjectNode out = Json.object().put("created", created.size());
      ArrayNode ids = out.putArray("instances");
      created.stream()
          .limit(1000)
          .forEach(i -> ids.addObject().put("id", i.id()).put("name", i.name()));
      return out;
    } catch (FleetFileException | SandboxUnavailableException e) {
      throw AdminException.badRequest(e.getMessage());
    }
  }

  private JsonNode list(AdminRequest r) {
    int offset = parseInt(r.query("offset", "0"));
    int limit = parseInt(r.query("limit", "1000"));
    String tag = r.query("tag", null);
    Stream<Instance> all = fleet.instances().stream();
    if (tag != null) {
      String[] kv = tag.split("=", 2);
      all =
          all.filter(
              i ->
                  kv.length == 2 ? kv[1].equals(i.tags().get(kv[0])) : i.tags().containsKey(kv[0]));
    }
    List<Instance> matched = all.toList();
    ObjectNode out = Json.object().put("total", matched.size());
    ArrayNode items = out.putArray("instances");
    matched.stream().skip(offset).limit(limit).forEach(i -> items.add(summary(i)));
    return out;
  }

  private static ObjectNode summary(Instance i) {
    ObjectNode n =
        Json.object()
            .put("id", i.id())
            .put("name", i.name())
            .put("state", i.state())
            .put("pingStatus", i.pingStatus())
            .put("mode", i.mode().wireName());
    ObjectNode tags = n.putObject("tags");
    i.tags().forEach(tags::put);
    return n;
  }

  private JsonNode describe(Instance i) {
    ObjectNode n = summary(i);
    n.put("platformType", i.platformType())
        .put("platformName", i.platformName())
        .put("platformVersion", i.platformVersion())
        .put("instanceType", i.instanceType())
        .put("privateIpAddress", i.privateIpAddress())
        .put("latency", i.latency().toString())
        .put("exitCode", i.exitCode())
        .put("sandbox", i.sandbox().toString())
        .put("hostname", i.hostname())
        .put("loadAverage", i.loadAverage().toString())
        .put("uptimeSeconds", i.uptime().toSeconds());
    ArrayNode vols = n.putArray("volumes");
    for (Volume v : i.volumes()) {
      vols.addObject()
          .put("id", v.id())
          .put("device", v.device())
          .put("sizeGiB", v.sizeGiB())
          .put("root", v.root());
    }
    patches(n.putArray("pendingPatches"), i.pendingPatches());
    patches(n.putArray("installedPatches"), i.installedPatches());
    ArrayNode faults = n.putArray("faults");
    i.faults().forEach(f -> faults.add(fault(f)));
    return n;
  }

  private static void patches(ArrayNode out, List<Patch> patches) {
    patches.forEach(
        p ->
            out.addObject()
                .put("id", p.id())
                .put("classification", p.classification())
                .put("severity", p.severity())
                .put("title", p.title()));
  }

  private JsonNode setPing(AdminRequest r) {
    Instance i = instance(r);
    String status = Json.text(r.json(), "status", "");
    if (!List.of("Online", "ConnectionLost", "Inactive").contains(status)) {
      throw AdminException.badRequest("status must be Online, ConnectionLost or Inactive");
    }
    i.pingStatus(status);
    return summary(i);
  }

  private JsonNode setState(AdminRequest r) {
    Instance i = instance(r);
    String state = Json.text(r.json(), "state", "");
    if (!List.of("running", "stopped").contains(state)) {
      throw AdminException.badRequest("state must be running or stopped");
    }
    i.state(state);
    return summary(i);
  }

  private JsonNode files(AdminRequest r) throws IOException {
    Instance i = instance(r);
    InstancePath path = instancePath(r.query("path", "/"));
    SandboxFiles files = i.files();
    ObjectNode out = Json.object().put("instanceId", i.id()).put("path", path.text());
    try {
      switch (files.kind(path)) {
        case MISSING -> throw AdminException.notFound(path + " does not exist on " + i.id());
        case DIRECTORY -> {
          ArrayNode entries = out.putArray("entries");
          List<SandboxFiles.Entry> listed = files.list(path, MAX_ENTRIES + 1);
          listed.stream().limit(MAX_ENTRIES).forEach(e -> entries.add(e.name() + suffix(e)));
          if (listed.size() > MAX_ENTRIES) {
            out.put("truncated", true);
          }
        }
        default ->
            out.put(
                "content", new String(files.read(path, MAX_FILE_BYTES), StandardCharsets.UTF_8));
      }
    } catch (SandboxPathException e) {
      throw AdminException.badRequest(e.getMessage());
    } catch (NoSuchFileException e) {
      throw AdminException.notFound(path + " does not exist on " + i.id());
    }
    return out;
  }

  private JsonNode writeFile(AdminRequest r) {
    Instance i = instance(r);
    JsonNode body = r.json();
    String path = Json.text(body, "path", null);
    if (path == null) {
      throw AdminException.badRequest("body needs {\"path\": ..., \"content\": ...}");
    }
    instancePath(path);
    try {
      Fleet.writeFile(i, path, Json.text(body, "content", ""));
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof SandboxPathException refused) {
        throw AdminException.badRequest(refused.getMessage());
      }
      throw e;
    }
    return Json.object().put("instanceId", i.id()).put("path", path);
  }

  /** Body: {"loadAverage": "9.5 9.1 8.7"} (or one number for all three). */
  private JsonNode setLoad(AdminRequest r) {
    Instance i = instance(r);
    String text = Json.text(r.json(), "loadAverage", null);
    if (text == null) {
      throw AdminException.badRequest("body needs {\"loadAverage\": \"1.5 1.2 0.9\"}");
    }
    try {
      i.loadAverage(LoadAverage.parse(text));
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest(e.getMessage());
    }
    return summary(i).put("loadAverage", i.loadAverage().toString());
  }

  /** As ls -F marks them: a directory ends in /, a symbolic link in @. */
  private static String suffix(SandboxFiles.Entry e) {
    return switch (e.kind()) {
      case DIRECTORY -> "/";
      case LINK -> "@";
      default -> "";
    };
  }

  private static InstancePath instancePath(String text) {
    try {
      return InstancePath.parse(text);
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest(e.getMessage());
    }
  }

  private JsonNode faults() {
    ObjectNode out = Json.object();
    ArrayNode global = out.putArray("global");
    fleet.globalFaults().forEach(f -> global.add(fault(f)));
    ObjectNode perInstance = out.putObject("instances");
    for (Instance i : fleet.instances()) {
      if (!i.faults().isEmpty()) {
        ArrayNode a = perInstance.putArray(i.id());
        i.faults().forEach(f -> a.add(fault(f)));
      }
    }
    return out;
  }

  /** Body: one fault (fleet-file fault schema) or {"faults": [...]}. */
  private JsonNode addFaults(AdminRequest r) {
    JsonNode body = r.json();
    ObjectNode doc = Json.object();
    doc.putArray("instances");
    doc.set("faults", body.has("faults") ? body.get("faults") : Json.array().add(body));
    try {
      FleetFile.Contents contents = FleetFile.parse(doc.toString(), "request body");
      fleet.globalFaults().addAll(contents.faults());
      ArrayNode ids = Json.array();
      contents.faults().forEach(f -> ids.add(f.id()));
      return Json.object().set("added", ids);
    } catch (FleetFileException e) {
      throw AdminException.badRequest(e.getMessage());
    }
  }

  static ObjectNode fault(FaultRule f) {
    ObjectNode n = Json.object().put("id", f.id()).put("match", f.match().pattern());
    ArrayNode ids = n.putArray("instances");
    f.instanceIds().forEach(ids::add);
    ObjectNode tags = n.putObject("tags");
    f.tags().forEach(tags::put);
    if (f.exitCode() != null) {
      n.put("exitCode", f.exitCode());
    }
    n.put("stdout", f.stdout())
        .put("stderr", f.stderr())
        .put("latencyMs", f.extraLatency().toMillis())
        .put("hang", f.hang())
        .put("offline", f.offline())
        .put("afterPatch", f.afterPatch())
        .put("fired", f.fired().get());
    if (f.times() != null) {
      n.put("times", f.times());
    }
    return n;
  }

  /** {"invocationVisibilityDelayMs": 0, "listVisibilityDelayMs": 0, ..., "tps": {"Op": 5}}. */
  private JsonNode knobs() {
    ObjectNode out = Json.object();
    knobs.durationsMillis().forEach((name, ms) -> out.put(name + "Ms", ms));
    ObjectNode tps = out.putObject("tps");
    knobs.tpsLimits().forEach(tps::put);
    return out;
  }

  /**
   * Body: {"invocationVisibilityDelay": "2s", "listVisibilityDelay": "1s",
   * "sendCommandResponseDelay": "3s", "pendingDuration": "100ms", "tps": {"Op": 5}}; every member
   * optional, an unknown one is refused (and then nothing is changed).
   */
  private JsonNode setKnobs(AdminRequest r) {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) r.json()::fields) {
      JsonNode v = e.getValue();
      if (e.getKey().equals("tps") && v.isObject()) {
        for (Map.Entry<String, JsonNode> t : (Iterable<Map.Entry<String, JsonNode>>) v::fields) {
          if (!t.getValue().isNumber()) {
            throw AdminException.badRequest("tps." + t.getKey() + " must be a number");
          }
          settings.put(Knobs.TPS_PREFIX + t.getKey(), t.getValue().asText());
        }
      } else if (!v.isNull()) {
        if (!v.isValueNode()) {
          throw AdminException.badRequest(e.getKey() + " must be a duration such as \"2s\"");
        }
        settings.put(e.getKey(), v.asText());
      }
    }
    try {
      knobs.setAll(settings);
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest(e.getMessage());
    }
    return knobs();
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw AdminException.badRequest("'" + s + "' is not a number");
    }
  }
}
