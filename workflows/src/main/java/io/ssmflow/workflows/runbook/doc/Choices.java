package io.ssmflow.workflows.runbook.doc;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * aws:branch: the structure of {@code Choices} (checked when a document is read) and their
 * evaluation on rendered inputs: the first true choice gives the next step, else {@code Default},
 * else none (the automation goes on with the next step in the list, or ends when the step has
 * isEnd).
 */
public final class Choices {
  static final List<String> OPERATORS =
      List.of(
          "StringEquals",
          "EqualsIgnoreCase",
          "StartsWith",
          "EndsWith",
          "Contains",
          "NumericEquals",
          "NumericGreater",
          "NumericLesser",
          "NumericGreaterOrEquals",
          "NumericLesserOrEquals",
          "BooleanEquals");

  private Choices() {}

  /** The step the inputs choose, or null when no choice is true and there is no Default. */
  public static String choose(Map<String, Object> inputs) {
    Object choices = inputs.get("Choices");
    if (choices instanceof List<?> list) {
      for (Object c : list) {
        if (c instanceof Map<?, ?> m && holds(m)) {
          return Values.text(m.get("NextStep"));
        }
      }
    }
    Object fallback = inputs.get("Default");
    return fallback == null ? null : Values.text(fallback);
  }

  /**
   * Whether one choice (or nested condition) holds.
   *
   * @throws IllegalArgumentException when a value cannot be compared as the operator needs
   */
  static boolean holds(Map<?, ?> c) {
    if (c.containsKey("And")) {
      for (Object o : (List<?>) c.get("And")) {
        if (!holds((Map<?, ?>) o)) {
          return false;
        }
      }
      return true;
    }
    if (c.containsKey("Or")) {
      for (Object o : (List<?>) c.get("Or")) {
        if (holds((Map<?, ?>) o)) {
          return true;
        }
      }
      return false;
    }
    if (c.containsKey("Not")) {
      return !holds((Map<?, ?>) c.get("Not"));
    }
    Object variable = c.get("Variable");
    for (String op : OPERATORS) {
      if (c.containsKey(op)) {
        return compare(op, variable, c.get(op));
      }
    }
    throw new IllegalArgumentException(
        "a choice needs an operator (" + String.join(", ", OPERATORS) + ")");
  }

  private static boolean compare(String op, Object variable, Object operand) {
    String v = Values.text(variable);
    String o = Values.text(operand);
    return switch (op) {
      case "StringEquals" -> v.equals(o);
      case "EqualsIgnoreCase" -> v.equalsIgnoreCase(o);
      case "StartsWith" -> v.startsWith(o);
      case "EndsWith" -> v.endsWith(o);
      case "Contains" ->
          variable instanceof List<?> l
              ? l.stream().anyMatch(e -> Values.text(e).equals(o))
              : v.contains(o);
      case "BooleanEquals" -> bool(variable, "Variable") == bool(operand, op);
      default -> {
        int cmp = Double.compare(number(variable, "Variable"), number(operand, op));
        yield switch (op) {
          case "NumericEquals" -> cmp == 0;
          case "NumericGreater" -> cmp > 0;
          case "NumericLesser" -> cmp < 0;
          case "NumericGreaterOrEquals" -> cmp >= 0;
          case "NumericLesserOrEquals" -> cmp <= 0;
          default -> throw new IllegalStateException(op);
        };
      }
    };
  }

  private static double number(Object value, String what) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(Values.text(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is " + Values.describe(value) + ", not a number");
    }
  }

  private static boolean bool(Object value, String what) {
    if (value instanceof Boolean b) {
      return b;
    }
    String t = Values.text(value).trim().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return Boolean.parseBoolean(t);
    }
    throw new IllegalArgumentException(what + " is " + Values.describe(value) + ", not a Boolean");
  }

  /** Checks the structure of a branch step's inputs; answers the steps it can jump to. */
  static List<String> check(
      Map<String, Object> inputs, List<Object> path, String step, Problems problems) {
    List<String> targets = new java.util.ArrayList<>();
    problems.onlyKeys(inputs, List.of("Choices", "Default"), path, step, "aws:branch");
    Object raw = inputs.get("Choices");
    if (raw == null) {
      problems.add(path, step, "aws:branch needs Choices");
      return targets;
    }
    List<?> list = problems.list(raw, Problems.at(path, "Choices"), step, "Choices");
    if (list == null) {
      return targets;
    }
    if (list.isEmpty()) {
      problems.add(Problems.at(path, "Choices"), step, "Choices needs at least one choice");
    }
    for (int i = 0; i < list.size(); i++) {
      List<Object> at = Problems.at(path, "Choices", i);
      Map<String, Object> c = problems.map(list.get(i), at, step, "a choice");
      if (c == null) {
        continue;
      }
      Object next = c.get("NextStep");
      if (!(next instanceof String n) || n.isBlank()) {
        problems.add(
            Problems.at(at, "NextStep"),
            step,
            "a choice needs NextStep, the step to" + " go to when it is true");
      } else {
        targets.add(n);
      }
      condition(c, at, step, problems, true);
    }
    if (inputs.containsKey("Default")) {
      String d =
          problems.text(inputs.get("Default"), Problems.at(path, "Default"), step, "Default");
      if (d != null) {
        targets.add(d);
      }
    }
    return targets;
  }

  private static void condition(
      Map<String, Object> c, List<Object> at, String step, Problems problems, boolean top) {
    List<String> present = new java.util.ArrayList<>();
    for (String k : List.of("And", "Or", "Not")) {
      if (c.containsKey(k)) {
        present.add(k);
      }
    }
    String op = OPERATORS.stream().filter(c::containsKey).findFirst().orElse(null);
    List<String> allowed = new java.util.ArrayList<>(List.of("Variable", "And", "Or", "Not"));
    allowed.addAll(OPERATORS);
    if (top) {
      allowed.add("NextStep");
    }
    problems.onlyKeys(c, allowed, at, step, top ? "a choice" : "a condition");
    if (present.size() + (op == null ? 0 : 1) != 1) {
      problems.add(
          at,
          step,
          "a "
              + (top ? "choice" : "condition")
              + " needs exactly one of"
              + " Variable with an operator ("
              + String.join(", ", OPERATORS)
              + "), And, Or, Not");
      return;
    }
    if (op != null) {
      if (!(c.get("Variable") instanceof String v) || Templates.referencesIn(v).isEmpty()) {
        problems.add(
            Problems.at(at, "Variable"),
            step,
            "Variable must name a parameter or a" + " step output, e.g. \"{{ check.Output }}\"");
      }
      Object operand = c.get(op);
      boolean literal = !(operand instanceof String s) || Templates.referencesIn(s).isEmpty();
      if (literal && op.startsWith("Numeric")) {
        try {
          number(operand, op);
        } catch (IllegalArgumentException e) {
          problems.add(Problems.at(at, op), step, e.getMessage());
        }
      } else if (literal && op.equals("BooleanEquals")) {
        try {
          bool(operand, op);
        } catch (IllegalArgumentException e) {
          problems.add(Problems.at(at, op), step, e.getMessage());
        }
      } else if (!Values.isScalar(operand)) {
        problems.add(
            Problems.at(at, op), step, op + " compares with text, not " + Values.describe(operand));
      }
      return;
    }
    String k = present.get(0);
    if (k.equals("Not")) {
      Map<String, Object> inner = problems.map(c.get(k), Problems.at(at, k), step, "Not");
      if (inner != null) {
        condition(inner, Problems.at(at, k), step, problems, false);
      }
      return;
    }
    List<?> parts = problems.list(c.get(k), Problems.at(at, k), step, k);
    if (parts == null) {
      return;
    }
    if (parts.isEmpty()) {
      problems.add(Problems.at(at, k), step, k + " needs at least one condition");
    }
    for (int i = 0; i < parts.size(); i++) {
      Map<String, Object> inner =
          problems.map(parts.get(i), Problems.at(at, k, i), step, "a condition");
      if (inner != null) {
        condition(inner, Problems.at(at, k, i), step, problems, false);
      }
    }
  }
}
