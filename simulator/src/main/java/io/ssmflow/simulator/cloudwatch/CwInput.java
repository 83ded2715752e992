package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CloudWatch request members from a JSON/CBOR document. {@code path} is the member's name in
 * the query style ({@code MetricData.member.1.Value}) that CloudWatch's messages use.
 */
final class CwInput {
  private CwInput() {}

  static JsonNode node(JsonNode in, String member) {
    JsonNode n = in == null ? null : in.get(member);
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  static boolean has(JsonNode in, String member) {
    return node(in, member) != null;
  }

  static String text(JsonNode in, String member, String path) {
    JsonNode n = node(in, member);
    if (n == null) {
      return null;
    }
    if (!n.isValueNode()) {
      throw CwErrors.validation("Member " + path + " must be a string");
    }
    return n.asText();
  }

  static String requiredText(JsonNode in, String member, String path) {
    String s = text(in, member, path);
    if (s == null) {
      throw CwErrors.missingParameter(path);
    }
    return s;
  }

  static Double number(JsonNode in, String member, String path) {
    JsonNode n = node(in, member);
    if (n == null) {
      return null;
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      try {
        return Double.parseDouble(n.asText().trim());
      } catch (NumberFormatException e) {
        throw CwErrors.invalidValue(n.asText(), path);
      }
    }
    throw CwErrors.invalidValue(n.toString(), path);
  }

  static Integer integer(JsonNode in, String member, String path) {
    Double d = number(in, member, path);
    if (d == null) {
      return null;
    }
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw CwErrors.invalidValue(d, path);
    }
    return d.intValue();
  }

  static Boolean bool(JsonNode in, String member, String path) {
    JsonNode n = node(in, member);
    if (n == null) {
      return null;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()
        && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(n.asText());
    }
    throw CwErrors.invalidValue(n.asText(), path);
  }

  static Instant timestamp(JsonNode in, String member, String path) {
    JsonNode n = node(in, member);
    if (n == null) {
      return null;
    }
    if (n.isNumber()) {
      double seconds = n.doubleValue();
      if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        throw CwErrors.invalidValue(n.asText(), path);
      }
      return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }
    try {
      return Instant.parse(n.asText());
    } catch (RuntimeException e) {
      throw CwErrors.invalidValue(n.asText(), path);
    }
  }

  static Instant requiredTimestamp(JsonNode in, String member, String path) {
    Instant t = timestamp(in, member, path);
    if (t == null) {
      throw CwErrors.missingParameter(path);
    }
    return t;
  }

  /** The elements of a list member; absent is empty. */
  static List<JsonNode> list(JsonNode in, String member, String path) {
    JsonNode n = node(in, member);
    List<JsonNode> out = new ArrayList<>();
    // The Query protocol sends an empty list as an empty parameter ("AlarmActions=").
    if (n == null || (n.isTextual() && n.asText().isEmpty())) {
      return out;
    }
    if (!n.isArray()) {
      throw CwErrors.validation("Member " + path + " must be a list");
    }
    n.forEach(out::add);
    return out;
  }

  static List<String> strings(JsonNode in, String member, String path) {
    List<String> out = new ArrayList<>();
    int i = 1;
    for (JsonNode n : list(in, member, path)) {
      if (!n.isValueNode() || n.isNull()) {
        throw CwErrors.invalidValue(n.toString(), path + ".member." + i);
      }
      out.add(n.asText());
      i++;
    }
    return out;
  }
}
