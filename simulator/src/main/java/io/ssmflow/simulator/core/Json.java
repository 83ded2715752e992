package io.ssmflow.simulator.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared JSON mapper and accessors for operation inputs. Accessors turn a missing or mistyped
 * member into a {@code ValidationException}, never into a server error.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static String requiredText(JsonNode input, String member) {
    String value = optionalText(input, member);
    if (value == null) {
      throw AwsException.validation(
          "1 validation error detected: Value null at '"
              + lowerFirst(member)
              + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  public static String optionalText(JsonNode input, String member) {
    JsonNode node = input == null ? null : input.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw AwsException.validation("Member '" + member + "' must be a string");
    }
    return node.asText();
  }

  public static String text(JsonNode input, String member, String fallback) {
    String value = optionalText(input, member);
    return value == null ? fallback : value;
  }

  public static Integer optionalInt(JsonNode input, String member) {
    JsonNode node = input == null ? null : input.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.intValue();
    }
    if (node.isTextual()) {
      try {
        return Integer.parseInt(node.asText().trim());
      } catch (NumberFormatException e) {
        throw AwsException.validation("Member '" + member + "' must be an integer");
      }
    }
    throw AwsException.validation("Member '" + member + "' must be an integer");
  }

  public static boolean bool(JsonNode input, String member, boolean fallback) {
    JsonNode node = input == null ? null : input.get(member);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return Boolean.parseBoolean(node.asText());
    }
    throw AwsException.validation("Member '" + member + "' must be a boolean");
  }

  /** A list of strings; an absent member is an empty list. */
  public static List<String> textList(JsonNode input, String member) {
    JsonNode node = input == null ? null : input.get(member);
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw AwsException.validation("Member '" + member + "' must be a list");
    }
    node.forEach(item -> out.add(item.asText()));
    return out;
  }

  /** A list of structures; an absent member is an empty list. */
  public static List<JsonNode> objectList(JsonNode input, String member) {
    JsonNode node = input == null ? null : input.get(member);
    List<JsonNode> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw AwsException.validation("Member '" + member + "' must be a list");
    }
    node.forEach(out::add);
    return out;
  }

  /** A map of string to list of strings, as SSM's document Parameters. */
  public static Map<String, List<String>> stringListMap(JsonNode input, String member) {
    JsonNode node = input == null ? null : input.get(member);
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw AwsException.validation("Member '" + member + "' must be a map");
    }
    node.fields()
        .forEachRemaining(
            e -> {
              List<String> values = new ArrayList<>();
              if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
              } else {
                values.add(e.getValue().asText());
              }
              out.put(e.getKey(), values);
            });
    return out;
  }

  /** A timestamp input: epoch seconds (number) or ISO-8601 text. */
  public static Instant optionalTimestamp(JsonNode input, String member) {
    JsonNode node = input == null ? null : input.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return Instant.ofEpochMilli(Math.round(node.doubleValue() * 1000));
    }
    try {
      return Instant.parse(node.asText());
    } catch (RuntimeException e) {
      throw AwsException.validation("Member '" + member + "' must be a timestamp");
    }
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
