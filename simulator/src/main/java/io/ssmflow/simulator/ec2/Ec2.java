package io.ssmflow.simulator.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.admin.AdminException;
import io.ssmflow.simulator.admin.AdminRequest;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.XmlWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * EC2 (EC2 Query protocol): instances, tags, volumes, snapshots, replace-root-volume tasks and
 * instance stop/start/reboot, over the simulated fleet. Snapshots are real copies of a volume's
 * data directory, so restoring one through a replace-root-volume task changes the sandbox.
 */
public final class Ec2 implements AutoCloseable {
  private final Ec2State state;
  private final InstanceLifecycle lifecycle;
  private final Map<String, QueryOperation> operations;

  public Ec2(Fleet fleet, AdminRoutes admin) {
    Objects.requireNonNull(fleet, "fleet is null");
    this.state = new Ec2State(fleet, new Ec2Knobs(), new Timers());
    this.lifecycle = new InstanceLifecycle(state);
    Map<String, QueryOperation> ops = new HashMap<>();
    new InstanceOperations(state, lifecycle).register(ops);
    new TagOperations(state).register(ops);
    new VolumeOperations(state).register(ops);
    new SnapshotOperations(state).register(ops);
    new ReplaceRootVolumeOperations(state, lifecycle).register(ops);
    this.operations = Map.copyOf(ops);
    fleet.onReset(this::clear);
    admin.add("GET", "/_sim/ec2/knobs", r -> state.knobs.toJson());
    admin.add("POST", "/_sim/ec2/knobs", this::setKnobs);
    admin.add("GET", "/_sim/snapshots", r -> snapshots());
    admin.add("GET", "/_sim/replace-root-volume-tasks", r -> tasks());
  }

  public Map<String, QueryOperation> operations() {
    return operations;
  }

  /** The EC2 timing knobs (also reachable as {@code /_sim/ec2/knobs}). */
  public Ec2Knobs knobs() {
    return state.knobs;
  }

  /** Forgets snapshots and tasks and deletes the copies on disk (fleet reset). */
  private void clear() {
    state.clear();
    lifecycle.clear();
    Trees.deleteQuietly(state.snapshotsDir());
    for (Path dir : List.copyOf(state.detachedVolumeDirs)) {
      Trees.deleteQuietly(dir);
    }
    state.detachedVolumeDirs.clear();
  }

  private JsonNode setKnobs(AdminRequest request) {
    try {
      state.knobs.apply(request.json());
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest(e.getMessage());
    }
    return state.knobs.toJson();
  }

  private JsonNode snapshots() {
    Instant now = Instant.now();
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("snapshots");
    state.snapshots.values().stream()
        .sorted(Comparator.comparingLong(Snapshot::sequence))
        .forEach(
            s -> {
              ObjectNode n =
                  items
                      .addObject()
                      .put("snapshotId", s.id())
                      .put("volumeId", s.volumeId())
                      .put("instanceId", s.rootOf())
                      .put("state", s.state(now))
                      .put("progress", s.progress(now))
                      .put("startTime", XmlWriter.iso(s.startTime()))
                      .put("description", s.description())
                      .put("path", s.data().toString());
              ObjectNode tags = n.putObject("tags");
              state.tags.get(s.id()).forEach(tags::put);
            });
    return out;
  }

  private JsonNode tasks() {
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("tasks");
    state.tasks.values().stream()
        .sorted(Comparator.comparingLong(ReplaceRootVolumeTask::sequence))
        .forEach(
            t ->
                items
                    .addObject()
                    .put("replaceRootVolumeTaskId", t.id())
                    .put("instanceId", t.instanceId())
                    .put("snapshotId", t.snapshotId())
                    .put("taskState", t.state())
                    .put("startTime", XmlWriter.iso(t.startTime()))
                    .put(
                        "completeTime",
                        t.completeTime() == null ? null : XmlWriter.iso(t.completeTime())));
    return out;
  }

  @Override
  public void close() {
    state.timers.close();
  }
}
