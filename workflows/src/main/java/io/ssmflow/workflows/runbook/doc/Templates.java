package io.ssmflow.workflows.runbook.doc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSM Automation's variables in values: {@code {{ Name }}} (spaces inside the braces are optional).
 * A string that is exactly one variable takes the variable's value and type (a StringList stays a
 * list); inside a list, such an element that is a list is spliced in (as {@code InstanceIds: ['{{
 * InstanceIds }}']} expects); a variable among other text is written as text, which only String,
 * Integer and Boolean values can be.
 */
public final class Templates {
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

  private Templates() {}

  /** Gives a variable's value. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * The value of variable {@code name} (e.g. {@code InstanceIds}, {@code check.Output}, {@code
     * global:DATE_TIME}).
     *
     * @throws IllegalArgumentException when it has no value
     */
    Object resolve(String name);
  }

  /** Every variable referenced anywhere in {@code value}, in order of appearance. */
  public static Set<String> references(Object value) {
    Set<String> names = new LinkedHashSet<>();
    collect(value, names);
    return names;
  }

  /** The variables referenced in one string. */
  public static List<String> referencesIn(String text) {
    List<String> names = new ArrayList<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The variable a string is made of alone ({@code "{{ X }}"}), or null. */
  public static String whole(String text) {
    Matcher m = VARIABLE.matcher(text.trim());
    return m.matches() ? m.group(1) : null;
  }

  /**
   * {@code value} with every variable replaced.
   *
   * @throws IllegalArgumentException naming the variable that has no value or cannot be written
   *     inside text
   */
  public static Object render(Object value, Resolver resolver) {
    if (value instanceof String s) {
      return renderString(s, resolver);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) {
        if (e instanceof String s && whole(s) != null) {
          Object v = resolver.resolve(whole(s));
          if (v instanceof List<?> inner) {
            out.addAll(inner);
          } else {
            out.add(v);
          }
        } else {
          out.add(render(e, resolver));
        }
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), render(v, resolver)));
      return out;
    }
    return value;
  }

  private static Object renderString(String text, Resolver resolver) {
    String alone = whole(text);
    if (alone != null) {
      return resolver.resolve(alone);
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object v = resolver.resolve(m.group(1));
      if (!Values.isScalar(v)) {
        throw new IllegalArgumentException(
            "{{ "
                + m.group(1)
                + " }} is "
                + Values.describe(v)
                + ": only a String, Integer or Boolean can be written inside text");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(Values.text(v)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void collect(Object value, Set<String> names) {
    if (value instanceof String s) {
      names.addAll(referencesIn(s));
    } else if (value instanceof List<?> list) {
      list.forEach(e -> collect(e, names));
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(e -> collect(e, names));
    }
  }
}
