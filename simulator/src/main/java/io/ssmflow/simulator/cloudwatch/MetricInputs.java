package io.ssmflow.simulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parsing and checking of the members several CloudWatch operations share. */
final class MetricInputs {
  static final int MAX_DIMENSIONS = 30;
  static final List<String> UNITS =
      List.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  private MetricInputs() {}

  /** A metric's dimensions; names unique, values required. */
  static List<Dimension> dimensions(JsonNode in, String member, String path) {
    List<JsonNode> list = CwInput.list(in, member, path);
    if (list.size() > MAX_DIMENSIONS) {
      throw CwErrors.invalidParameterValue(
          "The collection " + path + " must not have a size greater than " + MAX_DIMENSIONS + ".");
    }
    List<Dimension> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 1;
    for (JsonNode d : list) {
      String p = path + ".member." + i++;
      String name = CwInput.requiredText(d, "Name", p + ".Name");
      String value = CwInput.requiredText(d, "Value", p + ".Value");
      if (name.isEmpty() || name.length() > 255) {
        throw CwErrors.invalidValue(name, p + ".Name");
      }
      if (value.isEmpty() || value.length() > 1024) {
        throw CwErrors.invalidValue(value, p + ".Value");
      }
      if (!names.add(name)) {
        throw CwErrors.invalidParameterValue(
            "No metric may have duplicate dimension names:"
                + " the dimension "
                + name
                + " appears twice in "
                + path
                + ".");
      }
      out.add(new Dimension(name, value));
    }
    return out;
  }

  static String namespace(JsonNode in, String path) {
    String ns = CwInput.requiredText(in, "Namespace", path);
    if (ns.isEmpty() || ns.length() > 255) {
      throw CwErrors.invalidValue(ns, path);
    }
    return ns;
  }

  static String metricName(JsonNode in, String path) {
    String name = CwInput.requiredText(in, "MetricName", path);
    if (name.isEmpty() || name.length() > 255) {
      throw CwErrors.invalidValue(name, path);
    }
    return name;
  }

  /** A {@code Metric} structure: Namespace, MetricName, Dimensions. */
  static MetricId metric(JsonNode metric, String region, String path) {
    if (metric == null) {
      throw CwErrors.missingParameter(path);
    }
    return new MetricId(
        region,
        namespace(metric, path + ".Namespace"),
        metricName(metric, path + ".MetricName"),
        dimensions(metric, "Dimensions", path + ".Dimensions"));
  }

  static String unit(JsonNode in, String member, String path) {
    String unit = CwInput.text(in, member, path);
    if (unit != null && !UNITS.contains(unit)) {
      throw CwErrors.invalidValue(unit, path);
    }
    return unit;
  }

  /**
   * A statistics period in seconds: 1, 5, 10, 20 or 30 (high resolution) or a multiple of 60, as
   * GetMetricStatistics and GetMetricData accept.
   */
  static int period(Integer period, String path) {
    if (period == null) {
      throw CwErrors.missingParameter(path);
    }
    if (period < 1) {
      throw CwErrors.invalidParameterValue("The parameter " + path + " must be greater than 0.");
    }
    if (period < 60 ? !List.of(1, 5, 10, 20, 30).contains(period) : period % 60 != 0) {
      throw CwErrors.invalidParameterValue("The parameter " + path + " must be a multiple of 60.");
    }
    return period;
  }

  /** The query-style start of the buckets: rounded down to the minute, or to the period. */
  static long alignedStart(long startMillis, int periodSeconds) {
    long step = (periodSeconds % 60 == 0 ? 60 : periodSeconds) * 1000L;
    return Math.floorDiv(startMillis, step) * step;
  }

  static ArrayNode dimensionsJson(List<Dimension> dims) {
    ArrayNode a = Json.array();
    dims.forEach(d -> a.addObject().put("Name", d.name()).put("Value", d.value()));
    return a;
  }

  static ObjectNode metricJson(MetricId id) {
    ObjectNode n = Json.object().put("Namespace", id.namespace()).put("MetricName", id.name());
    n.set("Dimensions", dimensionsJson(id.dimensions()));
    return n;
  }

  /** An opaque NextToken carrying {@code position}. */
  static String token(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("sim:" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position in a NextToken, or null for none; InvalidNextToken for a foreign token. */
  static String position(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith("sim:")) {
        return s.substring(4);
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw CwErrors.invalidNextToken();
  }
}
