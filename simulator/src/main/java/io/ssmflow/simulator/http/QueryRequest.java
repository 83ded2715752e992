package io.ssmflow.simulator.http;

import io.ssmflow.simulator.core.AwsException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flattened parameters of a Query request ({@code Action=DescribeInstances&Filter.1.Name=...})
 * with helpers for the list and map encodings EC2 and AWS Query use.
 */
public final class QueryRequest {
  private final Map<String, String> params;

  public QueryRequest(Map<String, String> params) {
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public static QueryRequest parse(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    if (form != null && !form.isEmpty()) {
      for (String pair : form.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        params.put(decode(key), decode(value));
      }
    }
    return new QueryRequest(params);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw AwsException.validation("Malformed query string");
    }
  }

  public Map<String, String> all() {
    return params;
  }

  public String action() {
    return params.get("Action");
  }

  public String get(String key) {
    return params.get(key);
  }

  public String get(String key, String fallback) {
    return params.getOrDefault(key, fallback);
  }

  public String required(String key) {
    String value = params.get(key);
    if (value == null || value.isEmpty()) {
      throw new AwsException("MissingParameter", "The request must contain the parameter " + key);
    }
    return value;
  }

  public Integer integer(String key) {
    String value = params.get(key);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw AwsException.invalidParameterValue(
          "Value (" + value + ") for parameter " + key + " is invalid. Expected an integer.");
    }
  }

  public boolean bool(String key, boolean fallback) {
    String value = params.get(key);
    return value == null || value.isEmpty() ? fallback : Boolean.parseBoolean(value);
  }

  /**
   * The values of a list such as {@code InstanceId.1, InstanceId.2} (EC2) or {@code
   * AttributeNames.member.1} (AWS Query): pass the prefix up to the index, e.g. {@code
   * "InstanceId"} or {@code "AttributeNames.member"}.
   */
  public List<String> list(String prefix) {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    String head = prefix + ".";
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getKey().startsWith(head)) {
        String rest = e.getKey().substring(head.length());
        if (rest.chars().allMatch(Character::isDigit) && !rest.isEmpty()) {
          byIndex.put(Integer.parseInt(rest), e.getValue());
        }
      }
    }
    return new ArrayList<>(byIndex.values());
  }

  /**
   * The structures of a list such as {@code Filter.1.Name, Filter.1.Value.1}: each element is a
   * QueryRequest over the members below that index ({@code Name, Value.1}).
   */
  public List<QueryRequest> structList(String prefix) {
    TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
    String head = prefix + ".";
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!e.getKey().startsWith(head)) {
        continue;
      }
      String rest = e.getKey().substring(head.length());
      int dot = rest.indexOf('.');
      if (dot <= 0) {
        continue;
      }
      String index = rest.substring(0, dot);
      if (!index.chars().allMatch(Character::isDigit)) {
        continue;
      }
      byIndex
          .computeIfAbsent(Integer.parseInt(index), k -> new LinkedHashMap<>())
          .put(rest.substring(dot + 1), e.getValue());
    }
    List<QueryRequest> out = new ArrayList<>();
    byIndex.values().forEach(m -> out.add(new QueryRequest(m)));
    return out;
  }
}
