package io.ssmflow.cli.runbook;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The runbook names a document's aws:executeAutomation steps give literally. */
final class NestedNames {
  private NestedNames() {}

  static Set<String> of(Object root) {
    Set<String> names = new LinkedHashSet<>();
    if (!(root instanceof Map<?, ?> doc)) {
      return names;
    }
    for (String section : List.of("mainSteps", "steps")) {
      if (doc.get(section) instanceof List<?> steps) {
        for (Object s : steps) {
          collect(s, names);
          if (s instanceof Map<?, ?> m) {
            collect(m.get("rollback"), names);
            collect(m.get("validation"), names);
          }
        }
      }
    }
    return names;
  }

  private static void collect(Object step, Set<String> names) {
    if (step instanceof Map<?, ?> m
        && "aws:executeAutomation".equals(m.get("action"))
        && m.get("inputs") instanceof Map<?, ?> in
        && in.get("DocumentName") instanceof String n
        && !n.contains("{{")
        && n.matches("[A-Za-z0-9._-]{1,128}")) {
      names.add(n);
    }
  }
}
