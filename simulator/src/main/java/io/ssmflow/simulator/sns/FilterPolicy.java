package io.ssmflow.simulator.sns;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.core.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A subscription filter policy: the SNS subset of exact string and number values, {@code prefix},
 * {@code suffix}, {@code equals-ignore-case}, {@code anything-but}, {@code exists} and {@code
 * numeric} ranges. Keys are ANDed, the values listed for a key are ORed. With scope
 * MessageAttributes it tests the message attributes; with MessageBody the JSON message body (nested
 * keys nest in the policy).
 */
final class FilterPolicy {
  private final JsonNode policy;
  private final boolean bodyScope;

  private FilterPolicy(JsonNode policy, boolean bodyScope) {
    this.policy = policy;
    this.bodyScope = bodyScope;
  }

  /** Parses and validates; throws InvalidParameter as SNS does for a bad policy. */
  static FilterPolicy parse(String json, String scope) {
    boolean body = "MessageBody".equals(scope);
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw SnsErrors.invalidParameter("Invalid parameter: FilterPolicy: failed to parse JSON.");
    }
    if (node == null || !node.isObject()) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: FilterPolicy: Filter policy must be a JSON object");
    }
    validate(node, body, 0);
    return new FilterPolicy(node, body);
  }

  private static void validate(JsonNode object, boolean body, int depth) {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      JsonNode v = e.getValue();
      if (v.isObject() && body && depth < 5) {
        validate(v, true, depth + 1);
      } else if (v.isArray()) {
        for (JsonNode c : v) {
          validateCondition(e.getKey(), c);
        }
      } else {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: FilterPolicy: \""
                + e.getKey()
                + "\" must be an object or an array");
      }
    }
  }

  private static void validateCondition(String key, JsonNode c) {
    if (c.isTextual() || c.isNumber() || c.isNull() || c.isBoolean()) {
      return;
    }
    if (!c.isObject() || c.size() != 1) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: FilterPolicy: Match value for \""
              + key
              + "\" must be a string, a number or an object with one operator");
    }
    String op = c.fieldNames().next();
    JsonNode arg = c.get(op);
    boolean ok =
        switch (op) {
          case "prefix", "suffix", "equals-ignore-case" -> arg.isTextual();
          case "exists" -> arg.isBoolean();
          case "anything-but" ->
              arg.isTextual()
                  || arg.isNumber()
                  || arg.isArray()
                  || (arg.isObject() && arg.has("prefix"));
          case "numeric" -> validNumeric(arg);
          default -> false;
        };
    if (!ok) {
      throw SnsErrors.invalidParameter(
          "Invalid parameter: FilterPolicy: Unrecognized match type " + op);
    }
  }

  private static boolean validNumeric(JsonNode arg) {
    if (!arg.isArray() || arg.size() == 0 || arg.size() % 2 != 0 || arg.size() > 4) {
      return false;
    }
    for (int i = 0; i < arg.size(); i += 2) {
      String op = arg.get(i).asText();
      if (!List.of("=", "<", "<=", ">", ">=").contains(op) || !arg.get(i + 1).isNumber()) {
        return false;
      }
    }
    return true;
  }

  /** True when the message passes the policy. */
  boolean matches(Map<String, MessageAttribute> attributes, String message) {
    if (bodyScope) {
      JsonNode body;
      try {
        body = Json.MAPPER.readTree(message);
      } catch (IOException e) {
        return false;
      }
      return body != null && body.isObject() && matchesObject(policy, body);
    }
    for (Map.Entry<String, JsonNode> e : policy.properties()) {
      MessageAttribute a = attributes.get(e.getKey());
      List<JsonNode> values = new ArrayList<>();
      if (a != null && !a.binary()) {
        values.addAll(attributeValues(a));
      }
      if (!matchesAny(e.getValue(), values, a != null)) {
        return false;
      }
    }
    return true;
  }

  private static List<JsonNode> attributeValues(MessageAttribute a) {
    List<JsonNode> out = new ArrayList<>();
    if (a.dataType().startsWith("String.Array")) {
      try {
        JsonNode arr = Json.MAPPER.readTree(a.value());
        if (arr != null && arr.isArray()) {
          arr.forEach(out::add);
          return out;
        }
      } catch (IOException e) {
        // fall through: treated as a plain string
      }
    }
    if (a.dataType().startsWith("Number")) {
      out.add(Json.MAPPER.getNodeFactory().numberNode(new BigDecimal(a.value().trim())));
    } else {
      out.add(Json.MAPPER.getNodeFactory().textNode(a.value()));
    }
    return out;
  }

  private static boolean matchesObject(JsonNode policy, JsonNode body) {
    for (Map.Entry<String, JsonNode> e : policy.properties()) {
      JsonNode actual = body.get(e.getKey());
      if (e.getValue().isObject()) {
        if (actual == null || !actual.isObject() || !matchesObject(e.getValue(), actual)) {
          return false;
        }
        continue;
      }
      List<JsonNode> values = new ArrayList<>();
      if (actual != null) {
        if (actual.isArray()) {
          actual.forEach(values::add);
        } else {
          values.add(actual);
        }
      }
      if (!matchesAny(e.getValue(), values, actual != null)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesAny(JsonNode conditions, List<JsonNode> values, boolean present) {
    for (JsonNode c : conditions) {
      if (c.isObject() && c.has("exists")) {
        if (c.get("exists").asBoolean() == present) {
          return true;
        }
        continue;
      }
      for (JsonNode v : values) {
        if (matches(c, v)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matches(JsonNode c, JsonNode v) {
    if (c.isTextual()) {
      return v.isTextual() && v.asText().equals(c.asText());
    }
    if (c.isNumber()) {
      return v.isNumber() && v.decimalValue().compareTo(c.decimalValue()) == 0;
    }
    if (c.isNull()) {
      return v.isNull();
    }
    if (c.isBoolean()) {
      return v.isBoolean() && v.asBoolean() == c.asBoolean();
    }
    String op = c.fieldNames().next();
    JsonNode arg = c.get(op);
    return switch (op) {
      case "prefix" -> v.isTextual() && v.asText().startsWith(arg.asText());
      case "suffix" -> v.isTextual() && v.asText().endsWith(arg.asText());
      case "equals-ignore-case" -> v.isTextual() && v.asText().equalsIgnoreCase(arg.asText());
      case "anything-but" -> !anythingButExcludes(arg, v);
      case "numeric" -> v.isNumber() && numeric(arg, v.doubleValue());
      default -> false;
    };
  }

  private static boolean anythingButExcludes(JsonNode arg, JsonNode v) {
    if (arg.isArray()) {
      for (JsonNode x : arg) {
        if (matches(x, v)) {
          return true;
        }
      }
      return false;
    }
    if (arg.isObject()) {
      return v.isTextual() && v.asText().startsWith(arg.get("prefix").asText());
    }
    return matches(arg, v);
  }

  private static boolean numeric(JsonNode arg, double x) {
    for (int i = 0; i < arg.size(); i += 2) {
      double bound = arg.get(i + 1).doubleValue();
      boolean ok =
          switch (arg.get(i).asText()) {
            case "=" -> x == bound;
            case "<" -> x < bound;
            case "<=" -> x <= bound;
            case ">" -> x > bound;
            default -> x >= bound;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
