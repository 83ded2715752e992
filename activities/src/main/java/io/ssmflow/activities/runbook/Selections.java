package io.ssmflow.activities.runbook;

import io.ssmflow.workflows.runbook.doc.JsonPath;
import io.ssmflow.workflows.runbook.doc.OutputSpec;
import io.ssmflow.workflows.runbook.doc.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a step keeps of a response: its outputs (Selector and Type) and a property's value. */
final class Selections {
  private Selections() {}

  /**
   * Each output's selected value, of its Type; an output whose selector finds nothing is left out
   * (a step that uses it fails naming it).
   *
   * @throws IllegalArgumentException when a selected value is not of the output's Type
   */
  static Map<String, Object> outputs(Map<String, Object> response, List<OutputSpec> specs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (OutputSpec o : specs) {
      Object v = JsonPath.parse(o.selector()).select(response);
      if (v == null || v instanceof List<?> l && l.isEmpty() && !o.type().isList()) {
        continue;
      }
      try {
        out.put(o.name(), Values.coerce(v, o.type()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "output " + o.name() + " (" + o.selector() + "): " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * The property as text (a Boolean as True or False, as SSM writes it); for a selector that finds
   * several values, the first one that is not desired, else the first; null when none.
   */
  static String property(Map<String, Object> response, String selector, List<String> desired) {
    Object v = JsonPath.parse(selector).select(response);
    if (v instanceof List<?> l && !JsonPath.parse(selector).definite()) {
      if (l.isEmpty()) {
        return null;
      }
      for (Object o : l) {
        if (!matches(text(o), desired)) {
          return text(o);
        }
      }
      return text(l.get(0));
    }
    return v == null ? null : text(v);
  }

  static boolean matches(String property, List<String> desired) {
    if (property == null) {
      return false;
    }
    for (String d : desired) {
      if (d.equals(property)
          || (property.equals("True") || property.equals("False"))
              && d.equalsIgnoreCase(property)) {
        return true;
      }
    }
    return false;
  }

  private static String text(Object v) {
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    return Values.text(v);
  }
}
