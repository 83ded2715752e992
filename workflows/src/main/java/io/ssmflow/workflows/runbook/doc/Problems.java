package io.ssmflow.workflows.runbook.doc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The problems found while reading a document, and small typed readers of its tree (a YAML or JSON
 * document read into maps, lists and scalars) that record a problem instead of throwing.
 */
final class Problems {
  private final List<DocumentProblem> errors = new ArrayList<>();
  private final List<DocumentProblem> warnings = new ArrayList<>();

  void add(List<Object> path, String step, String message) {
    errors.add(new DocumentProblem(path, step, message));
  }

  void warn(List<Object> path, String step, String message) {
    warnings.add(new DocumentProblem(path, step, message));
  }

  boolean any() {
    return !errors.isEmpty();
  }

  List<DocumentProblem> errors() {
    return List.copyOf(errors);
  }

  List<DocumentProblem> warnings() {
    return List.copyOf(warnings);
  }

  /** {@code path} with more segments. */
  static List<Object> at(List<Object> path, Object... more) {
    List<Object> p = new ArrayList<>(path);
    p.addAll(List.of(more));
    return p;
  }

  /** The value as a map with text keys, or null (and a problem) when it is not one. */
  @SuppressWarnings("unchecked")
  Map<String, Object> map(Object value, List<Object> path, String step, String what) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    add(path, step, what + " must be a map of names to values, not " + Values.describe(value));
    return null;
  }

  /** The value as a list, or null (and a problem). */
  List<?> list(Object value, List<Object> path, String step, String what) {
    if (value instanceof List<?> l) {
      return l;
    }
    add(path, step, what + " must be a list, not " + Values.describe(value));
    return null;
  }

  /** The value as text (numbers and booleans are not text here), or null (and a problem). */
  String text(Object value, List<Object> path, String step, String what) {
    if (value instanceof String s) {
      return s;
    }
    add(path, step, what + " must be text, not " + Values.describe(value));
    return null;
  }

  /** The value as a whole number in [min, max], or null (and a problem). */
  Integer integer(Object value, List<Object> path, String step, String what, int min, int max) {
    Object v =
        value instanceof String s && s.trim().matches("-?\\d{1,10}")
            ? Long.valueOf(s.trim())
            : value;
    if (v instanceof Integer || v instanceof Long) {
      long n = ((Number) v).longValue();
      if (n >= min && n <= max) {
        return (int) n;
      }
      add(path, step, what + " must be between " + min + " and " + max + ", not " + n);
      return null;
    }
    add(path, step, what + " must be a whole number, not " + Values.describe(value));
    return null;
  }

  /** The value as a boolean (true/false, or the text true/false), or null (and a problem). */
  Boolean bool(Object value, List<Object> path, String step, String what) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    add(path, step, what + " must be true or false, not " + Values.describe(value));
    return null;
  }

  /** Records a problem for every key of {@code map} that is not in {@code allowed}. */
  void onlyKeys(
      Map<String, Object> map, List<String> allowed, List<Object> path, String step, String what) {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        String hint =
            allowed.stream()
                .filter(a -> a.equalsIgnoreCase(key))
                .findFirst()
                .map(a -> " (did you mean " + a + "?)")
                .orElse(" (" + what + " takes " + String.join(", ", allowed) + ")");
        add(at(path, key), step, "unknown property " + key + hint);
      }
    }
  }

  /** A copy of a tree without null values (YAML's empty values mean "not given"). */
  static Object withoutNulls(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach(
          (k, v) -> {
            if (v != null) {
              out.put(String.valueOf(k), withoutNulls(v));
            }
          });
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(withoutNulls(o));
      }
      return out;
    }
    return value;
  }
}
