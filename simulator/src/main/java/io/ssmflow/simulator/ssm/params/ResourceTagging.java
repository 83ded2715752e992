package io.ssmflow.simulator.ssm.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AddTagsToResource, ListTagsForResource and RemoveTagsFromResource. Parameters keep their tags in
 * the store; a ManagedInstance's tags are the fleet instance's own tags, so a tag added here is
 * visible to EC2 DescribeInstances and to tag targeting. The other SSM resource types exist nowhere
 * in the simulator, so any id of theirs is unknown.
 */
final class ResourceTagging {
  private static final List<String> RESOURCE_TYPES =
      List.of(
          "Document",
          "ManagedInstance",
          "MaintenanceWindow",
          "Parameter",
          "PatchBaseline",
          "OpsItem",
          "OpsMetadata",
          "Automation",
          "Association");

  private final ParameterStore store;
  private final Fleet fleet;

  ResourceTagging(ParameterStore store, Fleet fleet) {
    this.store = store;
    this.fleet = fleet;
  }

  static AwsException invalidResourceId() {
    return new AwsException(
        "InvalidResourceId",
        "The resource ID isn't valid. Verify that you entered the correct ID and try again.");
  }

  JsonNode addTags(ObjectNode in, RequestContext ctx) {
    Target target = target(in);
    if (!in.hasNonNull("Tags")) {
      throw AwsException.validation(
          "1 validation error detected: Value null at 'tags' failed"
              + " to satisfy constraint: Member must not be null");
    }
    Map<String, String> tags = Tags.parse(Json.objectList(in, "Tags"));
    if (target.parameter() != null) {
      store.withParameter(
          target.parameter(),
          true,
          p -> {
            Tags.checkLimit(p.tags, tags);
            p.tags.putAll(tags);
            return null;
          });
    } else {
      Instance instance = target.instance();
      // The instance guards its own tags; the check and the update are one step for it.
      synchronized (instance) {
        Tags.checkLimit(instance.tags(), tags);
        tags.forEach(instance::putTag);
      }
    }
    return Json.object();
  }

  JsonNode listTags(ObjectNode in, RequestContext ctx) {
    Target target = target(in);
    Map<String, String> tags =
        target.parameter() != null
            ? store.withParameter(target.parameter(), false, p -> new LinkedHashMap<>(p.tags))
            : target.instance().tags();
    return Json.object().set("TagList", Tags.render(tags));
  }

  JsonNode removeTags(ObjectNode in, RequestContext ctx) {
    Target target = target(in);
    if (!in.hasNonNull("TagKeys")) {
      throw AwsException.validation(
          "1 validation error detected: Value null at 'tagKeys'"
              + " failed to satisfy constraint: Member must not be null");
    }
    List<String> keys = Json.textList(in, "TagKeys");
    if (target.parameter() != null) {
      store.withParameter(
          target.parameter(),
          true,
          p -> {
            keys.forEach(p.tags::remove);
            return null;
          });
    } else {
      keys.forEach(target.instance()::removeTag);
    }
    return Json.object();
  }

  /** Either a parameter name or a fleet instance. */
  private record Target(String parameter, Instance instance) {}

  private Target target(ObjectNode in) {
    String type = Json.requiredText(in, "ResourceType");
    String id = Json.requiredText(in, "ResourceId");
    if (!RESOURCE_TYPES.contains(type)) {
      throw new AwsException("InvalidResourceType", "The resource type isn't valid.");
    }
    return switch (type) {
      case "Parameter" -> new Target(id, null);
      case "ManagedInstance" ->
          new Target(
              null, fleet.instance(id.strip()).orElseThrow(ResourceTagging::invalidResourceId));
      default -> throw invalidResourceId();
    };
  }
}
