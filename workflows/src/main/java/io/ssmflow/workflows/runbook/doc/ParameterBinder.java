package io.ssmflow.workflows.runbook.doc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds the values given for a run (from {@code --param}, or an aws:executeAutomation step's
 * RuntimeParameters) to a document's parameters: each value is read as its parameter's type,
 * defaults fill the rest, and allowedValues, allowedPattern, minItems/maxItems and
 * minChars/maxChars are checked.
 */
public final class ParameterBinder {
  private ParameterBinder() {}

  /**
   * Every parameter's value for a run.
   *
   * @param given values by parameter name (raw: text, lists, maps)
   * @throws IllegalArgumentException naming the parameter and the rule
   */
  public static Map<String, Object> bind(RunbookDocument document, Map<String, ?> given) {
    return bind(document, given, Set.of());
  }

  /**
   * Every parameter's value for a run but {@code later} (parameters given when the run starts, e.g.
   * InstanceIds resolved from --targets), which are neither required nor checked here.
   *
   * @throws IllegalArgumentException naming the parameter and the rule
   */
  public static Map<String, Object> bind(
      RunbookDocument document, Map<String, ?> given, Set<String> later) {
    for (String name : given.keySet()) {
      if (document.parameter(name) == null) {
        throw new IllegalArgumentException(
            "parameter "
                + name
                + " is not declared by "
                + document.name()
                + (document.parameters().isEmpty()
                    ? " (it declares none)"
                    : " (it declares "
                        + String.join(
                            ", ", document.parameters().stream().map(ParameterSpec::name).toList())
                        + ")"));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (ParameterSpec p : document.parameters()) {
      if (later.contains(p.name()) && !given.containsKey(p.name())) {
        continue;
      }
      if (given.containsKey(p.name())) {
        Object value;
        try {
          value = Values.coerce(given.get(p.name()), p.type());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("parameter " + p.name() + ": " + e.getMessage());
        }
        boolean emptyDefault = p.hasDefault() && isEmpty(p.defaultValue()) && isEmpty(value);
        if (!emptyDefault) {
          check(p, value);
        }
        out.put(p.name(), value);
      } else if (p.hasDefault()) {
        out.put(p.name(), p.defaultValue());
      } else {
        throw new IllegalArgumentException(
            "parameter "
                + p.name()
                + " ("
                + p.type().awsName()
                + ") is required"
                + (p.description() == null || p.description().isBlank()
                    ? ""
                    : ": " + Values.clip(p.description().trim(), 120)));
      }
    }
    return out;
  }

  /**
   * Checks a value, already of the parameter's type, against its constraints. An allowedPattern
   * must match the whole value (each element of a list), so an unanchored pattern cannot let other
   * text through.
   *
   * @throws IllegalArgumentException naming the parameter and the rule
   */
  static void check(ParameterSpec p, Object value) {
    String who = "parameter " + p.name();
    if (value instanceof List<?> list) {
      if (p.minItems() != null && list.size() < p.minItems()) {
        throw new IllegalArgumentException(
            who
                + " needs at least "
                + p.minItems()
                + " item"
                + (p.minItems() == 1 ? "" : "s")
                + ", not "
                + list.size());
      }
      if (p.maxItems() != null && list.size() > p.maxItems()) {
        throw new IllegalArgumentException(
            who
                + " takes at most "
                + p.maxItems()
                + " item"
                + (p.maxItems() == 1 ? "" : "s")
                + ", not "
                + list.size());
      }
      if (p.type() == ParamType.STRING_LIST) {
        for (Object e : list) {
          checkOne(p, e, who);
        }
      }
    } else if (p.type().isScalar()) {
      checkOne(p, value, who);
    }
  }

  private static void checkOne(ParameterSpec p, Object value, String who) {
    String text = Values.text(value);
    if (!p.allowedValues().isEmpty()
        && p.allowedValues().stream().noneMatch(a -> Values.text(a).equals(text))) {
      throw new IllegalArgumentException(
          who
              + ": '"
              + Values.clip(text, 80)
              + "' is not one of its allowedValues "
              + Values.json(p.allowedValues()));
    }
    if (p.allowedPattern() != null
        && !Pattern.compile(p.allowedPattern()).matcher(text).matches()) {
      throw new IllegalArgumentException(
          who
              + ": '"
              + Values.clip(text, 80)
              + "' does not match its allowedPattern "
              + p.allowedPattern());
    }
    if (p.minChars() != null && text.length() < p.minChars()) {
      throw new IllegalArgumentException(
          who + " needs at least " + p.minChars() + " characters, not " + text.length());
    }
    if (p.maxChars() != null && text.length() > p.maxChars()) {
      throw new IllegalArgumentException(
          who + " takes at most " + p.maxChars() + " characters, not " + text.length());
    }
  }

  private static boolean isEmpty(Object v) {
    return v == null
        || v instanceof String s && s.isEmpty()
        || v instanceof List<?> l && l.isEmpty();
  }
}
