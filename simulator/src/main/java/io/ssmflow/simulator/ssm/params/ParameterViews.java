package io.ssmflow.simulator.ssm.params;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.core.TimestampNode;

/** How a parameter version is answered: GetParameterHistory's and DescribeParameters' items. */
final class ParameterViews {
  private ParameterViews() {}

  static ObjectNode history(ParameterVersion v, boolean decrypt) {
    ObjectNode n = Json.object().put("Name", v.name).put("Type", v.type);
    if (v.keyId != null) {
      n.put("KeyId", v.keyId);
    }
    n.set("LastModifiedDate", TimestampNode.of(v.lastModifiedDate));
    n.put("LastModifiedUser", v.lastModifiedUser);
    if (v.description != null) {
      n.put("Description", v.description);
    }
    n.put("Value", v.visibleValue(decrypt));
    if (v.allowedPattern != null) {
      n.put("AllowedPattern", v.allowedPattern);
    }
    n.put("Version", v.version);
    ArrayNode labels = n.putArray("Labels");
    v.labels.forEach(labels::add);
    n.put("Tier", v.tier);
    n.set("Policies", policies(v));
    n.put("DataType", v.dataType);
    return n;
  }

  static ObjectNode metadata(ParameterVersion v, RequestContext ctx) {
    ObjectNode n =
        Json.object()
            .put("Name", v.name)
            .put("ARN", ParameterStore.arn(v.name, ctx))
            .put("Type", v.type);
    if (v.keyId != null) {
      n.put("KeyId", v.keyId);
    }
    n.set("LastModifiedDate", TimestampNode.of(v.lastModifiedDate));
    n.put("LastModifiedUser", v.lastModifiedUser);
    if (v.description != null) {
      n.put("Description", v.description);
    }
    if (v.allowedPattern != null) {
      n.put("AllowedPattern", v.allowedPattern);
    }
    n.put("Version", v.version).put("Tier", v.tier);
    n.set("Policies", policies(v));
    n.put("DataType", v.dataType);
    return n;
  }

  private static ArrayNode policies(ParameterVersion v) {
    ArrayNode list = Json.array();
    v.policies.forEach(
        p ->
            list.addObject()
                .put("PolicyText", p.text())
                .put("PolicyType", p.type())
                .put("PolicyStatus", "Pending"));
    return list;
  }
}
