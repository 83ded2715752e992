package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.TimestampNode;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** DescribeInstanceInformation: the SSM view of the fleet's managed instances. */
final class InstanceInformation {
  static final String AGENT_VERSION = "3.3.0.0";
  private static final Set<String> LEGACY_KEYS =
      Set.of(
          "InstanceIds",
          "AgentVersion",
          "PingStatus",
          "PlatformTypes",
          "ActivationIds",
          "IamRole",
          "ResourceType",
          "AssociationStatus");
  private static final Set<String> PING = Set.of("Online", "ConnectionLost", "Inactive");
  private static final Set<String> PLATFORMS = Set.of("Windows", "Linux", "MacOS");
  private static final Set<String> RESOURCE_TYPES = Set.of("EC2Instance", "ManagedInstance");

  private final Fleet fleet;

  InstanceInformation(Fleet fleet) {
    this.fleet = fleet;
  }

  ObjectNode describe(ObjectNode in) {
    List<JsonNode> legacy = Json.objectList(in, "InstanceInformationFilterList");
    List<JsonNode> filters = Json.objectList(in, "Filters");
    if (!legacy.isEmpty() && !filters.isEmpty()) {
      throw AwsException.validation(
          "InstanceInformationFilterList and Filters cannot be used"
              + " together; use Filters (InstanceInformationFilterList is deprecated).");
    }
    Integer max = Json.optionalInt(in, "MaxResults");
    if (max != null && (max < 5 || max > 50)) {
      throw SendCommandInput.constraint(
          max.toString(),
          "maxResults",
          max < 5
              ? "Member must have value greater than or equal to 5"
              : "Member must have value less than or equal to 50");
    }
    int limit = max == null ? 10 : max;
    List<Predicate<Instance>> preds = new ArrayList<>();
    for (JsonNode f : legacy) {
      String key = Json.optionalText(f, "key");
      List<String> values = Json.textList(f, "valueSet");
      if (key == null || !LEGACY_KEYS.contains(key)) {
        throw new AwsException(
            "InvalidFilterKey",
            "The filter key "
                + key
                + " is not valid. Valid keys: "
                + new java.util.TreeSet<>(LEGACY_KEYS));
      }
      preds.add(predicate(key, values));
    }
    boolean tagFilters = false;
    boolean otherFilters = false;
    for (JsonNode f : filters) {
      String key = Json.optionalText(f, "Key");
      List<String> values = Json.textList(f, "Values");
      if (key == null || key.isEmpty()) {
        throw AwsException.validation(
            "1 validation error detected: Value null at"
                + " 'filters.member.key' failed to satisfy constraint: Member must not be null");
      }
      if (key.startsWith("tag:") || key.equals("tag-key")) {
        tagFilters = true;
      } else {
        otherFilters = true;
      }
      preds.add(predicate(key, values));
    }
    if (tagFilters && otherFilters) {
      throw AwsException.validation(
          "Tag filters can't be combined with other filter types"
              + " in DescribeInstanceInformation Filters.");
    }
    // The token is a position in fleet order: each page scans on from there, so paging
    // through a 10,000-instance fleet costs O(N) overall, not O(N) per page.
    String token = Json.optionalText(in, "NextToken");
    int from = token == null ? 0 : (int) PageToken.decode("dii", token, 1)[0];
    List<Instance> fleetOrder = fleet.instances();
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("InstanceInformationList");
    int found = 0;
    for (int k = from; k < fleetOrder.size(); k++) {
      Instance i = fleetOrder.get(k);
      if (!preds.stream().allMatch(p -> p.test(i))) {
        continue;
      }
      if (found == limit) {
        out.put("NextToken", PageToken.encode("dii", k));
        break;
      }
      list.add(info(i));
      found++;
    }
    return out;
  }

  private static Predicate<Instance> predicate(String key, List<String> rawValues) {
    if (rawValues.isEmpty()) {
      throw SendCommandInput.constraint(
          "[]", "filters.member.values", "Member must have length greater than or equal to 1");
    }
    if (rawValues.size() > 100) {
      throw SendCommandInput.constraint(
          "[" + rawValues.size() + " values]",
          "filters.member.values",
          "Member must have length less than or equal to 100");
    }
    Set<String> values = new HashSet<>(rawValues);
    if (key.startsWith("tag:")) {
      String tag = key.substring(4);
      return i -> values.contains(i.tags().get(tag));
    }
    return switch (key) {
      case "tag-key" ->
          i -> {
            Map<String, String> tags = i.tags();
            return values.stream().anyMatch(tags::containsKey);
          };
      case "InstanceIds" -> {
        for (String v : values) {
          if (!SendCommandInput.INSTANCE_ID.matcher(v).matches()) {
            throw new AwsException("InvalidInstanceId", "Invalid instance id: " + v);
          }
        }
        yield i -> values.contains(i.id());
      }
      case "PingStatus" -> {
        check(key, values, PING);
        yield i -> values.contains(i.pingStatus());
      }
      case "PlatformTypes", "PlatformType" -> {
        check(key, values, PLATFORMS);
        yield i -> values.contains(i.platformType());
      }
      case "ResourceType" -> {
        check(key, values, RESOURCE_TYPES);
        yield i -> values.contains("EC2Instance");
      }
      case "AgentVersion" -> i -> values.contains(AGENT_VERSION);
      case "AssociationStatus" -> i -> values.contains("Success");
      case "SourceIds" -> i -> values.contains(i.id());
      case "SourceTypes" -> i -> values.contains("AWS::EC2::Instance");
      case "IamRole", "ActivationIds" -> i -> false;
      default ->
          throw new AwsException(
              "InvalidFilterKey",
              "The filter key "
                  + key
                  + " is not valid. Valid keys: ActivationIds, AgentVersion, AssociationStatus,"
                  + " IamRole, InstanceIds, PingStatus, PlatformType, ResourceType, SourceIds,"
                  + " SourceTypes, tag-key, tag:{keyname}");
    };
  }

  private static void check(String key, Set<String> values, Set<String> allowed) {
    for (String v : values) {
      if (!allowed.contains(v)) {
        throw new AwsException(
            "InvalidInstanceInformationFilterValue",
            "The filter value "
                + v
                + " is not valid for "
                + key
                + ". Valid values: "
                + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private static ObjectNode info(Instance i) {
    ObjectNode n = Json.object().put("InstanceId", i.id()).put("PingStatus", i.pingStatus());
    n.set("LastPingDateTime", TimestampNode.of(i.lastPingTime()));
    n.put("AgentVersion", AGENT_VERSION)
        .put("IsLatestVersion", false)
        .put("PlatformType", i.platformType())
        .put("PlatformName", i.platformName())
        .put("PlatformVersion", i.platformVersion())
        .put("ResourceType", "EC2Instance")
        .put("IPAddress", i.privateIpAddress())
        .put("ComputerName", computerName(i))
        .put("AssociationStatus", "Success");
    n.set("LastAssociationExecutionDate", TimestampNode.of(i.launchTime()));
    n.set("LastSuccessfulAssociationExecutionDate", TimestampNode.of(i.launchTime()));
    n.put("SourceId", i.id()).put("SourceType", "AWS::EC2::Instance");
    return n;
  }

  /** The host name EC2 gives an instance in us-east-1: ip-10-0-0-4.ec2.internal. */
  static String computerName(Instance i) {
    return "ip-" + i.privateIpAddress().replace('.', '-') + ".ec2.internal";
  }
}
