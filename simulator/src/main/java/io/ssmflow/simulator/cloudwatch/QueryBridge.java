package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.TimestampNode;
import io.ssmflow.simulator.http.JsonOperation;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CloudWatch's older AWS Query form over the same operations: the flattened form parameters ({@code
 * MetricData.member.1.Dimensions.member.1.Name}) become the JSON input the operations read (lists
 * from {@code .member.N}, structures from dotted names, scalars as text), and the JSON answer
 * becomes the XML body ({@code <member>} list items, ISO-8601 timestamps).
 */
final class QueryBridge {
  /** Members that are maps in CloudWatch's answers: written as entry/key/value. */
  private static final Set<String> MAPS = Set.of("ExtendedStatistics");

  private QueryBridge() {}

  static Map<String, QueryOperation> wrap(Map<String, JsonOperation> operations) {
    Map<String, QueryOperation> out = new LinkedHashMap<>();
    operations.forEach(
        (name, op) -> out.put(name, (req, xml, ctx) -> write(op.invoke(toJson(req), ctx), xml)));
    return Map.copyOf(out);
  }

  static ObjectNode toJson(QueryRequest req) {
    Map<String, Object> root = new LinkedHashMap<>();
    req.all()
        .forEach(
            (key, value) -> {
              if (!key.equals("Action") && !key.equals("Version")) {
                insert(root, key.split("\\."), 0, value);
              }
            });
    return (ObjectNode) convert(root);
  }

  @SuppressWarnings("unchecked")
  private static void insert(Map<String, Object> node, String[] path, int i, String value) {
    String name = path[i];
    if (i == path.length - 1) {
      node.putIfAbsent(name, value);
      return;
    }
    if (path[i + 1].equals("member") && i + 2 < path.length) {
      int index = index(path[i + 2], path);
      Object list = node.get(name);
      if (!(list instanceof TreeMap)) {
        list = new TreeMap<Integer, Object>();
        node.put(name, list);
      }
      TreeMap<Integer, Object> items = (TreeMap<Integer, Object>) list;
      if (i + 3 == path.length) {
        items.put(index, value);
      } else {
        Object item = items.computeIfAbsent(index, k -> new LinkedHashMap<String, Object>());
        if (!(item instanceof Map)) {
          throw AwsException.validation("Malformed parameter " + String.join(".", path));
        }
        insert((Map<String, Object>) item, path, i + 3, value);
      }
      return;
    }
    Object child = node.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
    if (!(child instanceof LinkedHashMap)) {
      throw AwsException.validation("Malformed parameter " + String.join(".", path));
    }
    insert((Map<String, Object>) child, path, i + 1, value);
  }

  private static int index(String s, String[] path) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw AwsException.validation("Malformed parameter " + String.join(".", path));
    }
  }

  @SuppressWarnings("unchecked")
  private static JsonNode convert(Object o) {
    if (o instanceof TreeMap<?, ?> items) {
      ArrayNode a = Json.array();
      items.values().forEach(v -> a.add(convert(v)));
      return a;
    }
    if (o instanceof Map<?, ?> fields) {
      ObjectNode n = Json.object();
      ((Map<String, Object>) fields).forEach((k, v) -> n.set(k, convert(v)));
      return n;
    }
    return Json.MAPPER.getNodeFactory().textNode((String) o);
  }

  static void write(JsonNode answer, XmlWriter out) {
    answer.properties().forEach(e -> element(e.getKey(), e.getValue(), out));
  }

  private static void element(String name, JsonNode value, XmlWriter out) {
    if (value == null || value.isNull()) {
      return;
    }
    if (value.isArray()) {
      out.start(name);
      value.forEach(item -> element("member", item, out));
      out.end();
    } else if (value.isObject() && MAPS.contains(name)) {
      out.start(name);
      value
          .properties()
          .forEach(
              e ->
                  out.start("entry")
                      .leaf("key", e.getKey())
                      .leaf("value", scalar(e.getValue()))
                      .end());
      out.end();
    } else if (value.isObject()) {
      out.start(name);
      value.properties().forEach(e -> element(e.getKey(), e.getValue(), out));
      out.end();
    } else {
      out.leaf(name, scalar(value));
    }
  }

  private static Object scalar(JsonNode v) {
    if (v instanceof TimestampNode ts) {
      return Instant.ofEpochMilli(Math.round(ts.doubleValue() * 1000));
    }
    return v.asText();
  }
}
