package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.TimestampNode;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.fleet.Patch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Patch compliance as AWS-RunPatchBaseline reports it: DescribeInstancePatches (one instance's
 * patches with their state: {@code Installed}, {@code Missing}, {@code Failed}) and
 * DescribeInstancePatchStates (counts per instance). An instance that never ran a patch operation
 * has no compliance data yet: no patches and no state, as in SSM.
 */
final class InstancePatches {
  static final Set<String> FILTER_KEYS = Set.of("Classification", "KBId", "Severity", "State");

  /** Missing patches carry no install time; SSM answers the epoch. */
  static final Instant NOT_INSTALLED = Instant.EPOCH;

  private final Fleet fleet;

  InstancePatches(Fleet fleet) {
    this.fleet = fleet;
  }

  /** One patch of one instance, with the state SSM reports. */
  private record Row(Patch patch, String state, Instant installedTime) {}

  ObjectNode describeInstancePatches(ObjectNode in) {
    String id = Json.requiredText(in, "InstanceId");
    Instance instance = instance(id);
    int limit = maxResults(in, 10, 100, 50);
    List<Predicate<Row>> filters = new ArrayList<>();
    List<JsonNode> given = Json.objectList(in, "Filters");
    if (given.size() > 5) {
      throw SendCommandInput.constraint(
          "[" + given.size() + " filters]",
          "filters",
          "Member must have length less than or equal to 5");
    }
    for (JsonNode f : given) {
      String key = Json.optionalText(f, "Key");
      List<String> values = Json.textList(f, "Values");
      if (key == null || !FILTER_KEYS.contains(key)) {
        throw new AwsException(
            "InvalidFilter",
            "The filter key "
                + key
                + " is not valid."
                + " Valid keys: Classification, KBId, Severity, State");
      }
      if (values.isEmpty()) {
        throw new AwsException(
            "InvalidFilter", "The filter " + key + " needs at least one" + " value");
      }
      Set<String> wanted = new HashSet<>(values);
      filters.add(
          switch (key) {
            case "Classification" -> r -> wanted.contains(r.patch().classification());
            case "KBId" -> r -> wanted.contains(r.patch().id());
            case "Severity" -> r -> wanted.contains(r.patch().severity());
            default -> r -> wanted.contains(r.state());
          });
    }
    List<Row> rows = new ArrayList<>();
    if (instance.lastPatchOperation() != null) {
      for (Patch p : instance.installedPatches()) {
        rows.add(new Row(p, "Installed", instance.installedTime(p.id())));
      }
      for (Patch p : instance.pendingPatches()) {
        rows.add(new Row(p, instance.patchFailed(p.id()) ? "Failed" : "Missing", NOT_INSTALLED));
      }
    }
    List<Row> matched =
        rows.stream().filter(r -> filters.stream().allMatch(f -> f.test(r))).toList();
    String token = Json.optionalText(in, "NextToken");
    int from = token == null ? 0 : (int) PageToken.decode("dip", token, 1)[0];
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("Patches");
    int to = Math.min(matched.size(), from + limit);
    for (int k = from; k < to; k++) {
      Row r = matched.get(k);
      ObjectNode n =
          list.addObject()
              .put("Title", r.patch().title())
              .put("KBId", r.patch().id())
              .put("Classification", r.patch().classification())
              .put("Severity", r.patch().severity())
              .put("State", r.state());
      n.set("InstalledTime", TimestampNode.of(r.installedTime()));
    }
    if (to < matched.size()) {
      out.put("NextToken", PageToken.encode("dip", to));
    }
    return out;
  }

  ObjectNode describeInstancePatchStates(ObjectNode in) {
    List<String> ids = Json.textList(in, "InstanceIds");
    if (ids.isEmpty() || ids.size() > 50) {
      throw SendCommandInput.constraint(
          "[" + ids.size() + " ids]",
          "instanceIds",
          ids.isEmpty()
              ? "Member must have length greater than or equal to 1"
              : "Member must have length less than or equal to 50");
    }
    int limit = maxResults(in, 10, 100, 50);
    List<ObjectNode> states = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      if (!SendCommandInput.INSTANCE_ID.matcher(id).matches()) {
        throw new AwsException("InvalidInstanceId", "Invalid instance id: " + id);
      }
      fleet
          .instance(id)
          .ifPresent(
              i -> {
                ObjectNode s = state(i);
                if (s != null) {
                  states.add(s);
                }
              });
    }
    String token = Json.optionalText(in, "NextToken");
    int from = token == null ? 0 : (int) PageToken.decode("dips", token, 1)[0];
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("InstancePatchStates");
    int to = Math.min(states.size(), from + limit);
    for (int k = from; k < to; k++) {
      list.add(states.get(k));
    }
    if (to < states.size()) {
      out.put("NextToken", PageToken.encode("dips", to));
    }
    return out;
  }

  private static ObjectNode state(Instance i) {
    Instance.PatchOperation op = i.lastPatchOperation();
    if (op == null) {
      return null;
    }
    List<Patch> pending = i.pendingPatches();
    int failed = 0;
    int critical = 0;
    int security = 0;
    for (Patch p : pending) {
      failed += i.patchFailed(p.id()) ? 1 : 0;
      critical += "Critical".equalsIgnoreCase(p.severity()) ? 1 : 0;
      security +=
          p.classification() != null
                  && p.classification().toLowerCase(java.util.Locale.ROOT).startsWith("security")
              ? 1
              : 0;
    }
    String group = i.tags().getOrDefault("PatchGroup", i.tags().getOrDefault("Patch Group", ""));
    ObjectNode n =
        Json.object()
            .put("InstanceId", i.id())
            .put("PatchGroup", group)
            .put("BaselineId", Ids.stable("pb", i.platformName()));
    if (op.snapshotId() != null) {
      n.put("SnapshotId", op.snapshotId());
    }
    n.put("InstalledCount", i.installedPatches().size())
        .put("InstalledOtherCount", 0)
        .put("InstalledPendingRebootCount", 0)
        .put("InstalledRejectedCount", 0)
        .put("MissingCount", pending.size() - failed)
        .put("FailedCount", failed)
        .put("UnreportedNotApplicableCount", 0)
        .put("NotApplicableCount", 0);
    n.set("OperationStartTime", TimestampNode.of(op.start()));
    n.set("OperationEndTime", TimestampNode.of(op.end()));
    n.put("Operation", op.operation())
        .put("RebootOption", op.rebootOption())
        .put("CriticalNonCompliantCount", critical)
        .put("SecurityNonCompliantCount", security)
        .put(
            "OtherNonCompliantCount",
            pending.size() - Math.min(pending.size(), critical + security));
    return n;
  }

  private Instance instance(String id) {
    if (!SendCommandInput.INSTANCE_ID.matcher(id).matches()) {
      throw new AwsException("InvalidInstanceId", "Invalid instance id: " + id);
    }
    return fleet
        .instance(id)
        .orElseThrow(
            () ->
                new AwsException(
                    "InvalidInstanceId", "Instance " + id + " is not a managed node."));
  }

  private static int maxResults(ObjectNode in, int min, int max, int fallback) {
    Integer value = Json.optionalInt(in, "MaxResults");
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw SendCommandInput.constraint(
          value.toString(),
          "maxResults",
          value < min
              ? "Member must have value greater than or equal to " + min
              : "Member must have value less than or equal to " + max);
    }
    return value;
  }
}
