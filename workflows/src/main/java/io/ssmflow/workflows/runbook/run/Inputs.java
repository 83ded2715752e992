package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.doc.ParamType;
import io.ssmflow.workflows.runbook.doc.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of rendered inputs; a wrong value names the input and what it is. */
final class Inputs {
  private Inputs() {}

  static String text(Map<String, Object> in, String key) {
    return (String) typed(in, key, ParamType.STRING);
  }

  static String text(Map<String, Object> in, String key, String fallback) {
    return in.containsKey(key) ? text(in, key) : fallback;
  }

  static int integer(Map<String, Object> in, String key, int fallback) {
    return in.containsKey(key) ? (Integer) typed(in, key, ParamType.INTEGER) : fallback;
  }

  static boolean bool(Map<String, Object> in, String key, boolean fallback) {
    return in.containsKey(key) ? (Boolean) typed(in, key, ParamType.BOOLEAN) : fallback;
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Map<String, Object> in, String key) {
    return (List<String>) typed(in, key, ParamType.STRING_LIST);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> in, String key) {
    return in.containsKey(key)
        ? (Map<String, Object>) typed(in, key, ParamType.STRING_MAP)
        : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Map<String, Object> in, String key) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : (List<Object>) typed(in, key, ParamType.MAP_LIST)) {
      out.add((Map<String, Object>) o);
    }
    return out;
  }

  private static Object typed(Map<String, Object> in, String key, ParamType type) {
    if (!in.containsKey(key)) {
      throw new IllegalArgumentException("input " + key + " is missing");
    }
    try {
      return Values.coerce(in.get(key), type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("input " + key + ": " + e.getMessage());
    }
  }
}
