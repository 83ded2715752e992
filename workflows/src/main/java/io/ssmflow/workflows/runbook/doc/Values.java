package io.ssmflow.workflows.runbook.doc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON-like values a runbook carries (parameters, inputs, outputs): null, String, Boolean,
 * Integer, Long, Double, List and Map with String keys, as Temporal's Jackson converter reads them
 * back. Coercion to a {@link ParamType} follows SSM: a one-element list is taken as its element for
 * scalar types (StartAutomationExecution passes every parameter as a list of strings), and text is
 * read as a number or a boolean where one is expected.
 */
public final class Values {
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,10}");

  private Values() {}

  /**
   * {@code value} as {@code type}.
   *
   * @throws IllegalArgumentException saying what was expected and what was found
   */
  public static Object coerce(Object value, ParamType type) {
    if (value == null) {
      throw new IllegalArgumentException("a " + type.awsName() + " is required, not nothing");
    }
    if (!type.isList()
        && type != ParamType.STRING_MAP
        && value instanceof List<?> l
        && l.size() == 1) {
      return coerce(l.get(0), type);
    }
    switch (type) {
      case STRING -> {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
          return value.toString();
        }
      }
      case INTEGER -> {
        if (value instanceof Integer i) {
          return i;
        }
        if (value instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
          return n.intValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
          return d.intValue();
        }
        if (value instanceof String s && INTEGER.matcher(s.trim()).matches()) {
          long n = Long.parseLong(s.trim());
          if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            return (int) n;
          }
        }
      }
      case BOOLEAN -> {
        if (value instanceof Boolean b) {
          return b;
        }
        if (value instanceof String s
            && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
          return Boolean.parseBoolean(s);
        }
      }
      case STRING_LIST -> {
        if (value instanceof List<?> l) {
          List<String> out = new ArrayList<>(l.size());
          for (Object o : l) {
            if (!(o instanceof String || o instanceof Number || o instanceof Boolean)) {
              throw new IllegalArgumentException(
                  "a StringList holds text only, not " + describe(o));
            }
            out.add(o.toString());
          }
          return out;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
          return List.of(value.toString());
        }
      }
      case STRING_MAP -> {
        if (value instanceof Map<?, ?> m) {
          return copyMap(m);
        }
      }
      case MAP_LIST -> {
        if (value instanceof List<?> l) {
          List<Object> out = new ArrayList<>(l.size());
          for (Object o : l) {
            if (!(o instanceof Map<?, ?> m)) {
              throw new IllegalArgumentException("a MapList holds maps only, not " + describe(o));
            }
            out.add(copyMap(m));
          }
          return out;
        }
        if (value instanceof Map<?, ?> m) {
          return List.of(copyMap(m));
        }
      }
      default -> throw new IllegalStateException("no type " + type);
    }
    throw new IllegalArgumentException(
        "a " + type.awsName() + " is expected, not " + describe(value));
  }

  /** The type of a value in document terms, e.g. {@code a StringList ["a","b"]}. */
  public static String describe(Object value) {
    String text = clip(json(value), 60);
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String) {
      return "the text " + text;
    }
    if (value instanceof Boolean) {
      return "the Boolean " + text;
    }
    if (value instanceof Number) {
      return "the number " + text;
    }
    if (value instanceof List<?>) {
      return "a list " + text;
    }
    return "a map " + text;
  }

  /** Whether a value is text, a number or a boolean. */
  public static boolean isScalar(Object value) {
    return value instanceof String || value instanceof Number || value instanceof Boolean;
  }

  /** The value as text: scalars as they are, anything else as JSON. */
  public static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return isScalar(value) ? value.toString() : json(value);
  }

  /** The value as SSM lists step outputs: a list of strings. */
  public static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> l) {
      for (Object o : l) {
        out.add(text(o));
      }
    } else if (value != null) {
      out.add(text(value));
    }
    return out;
  }

  /** Compact JSON of a value (maps keep their order). */
  public static String json(Object value) {
    StringBuilder b = new StringBuilder();
    writeJson(b, value);
    return b.toString();
  }

  /** The text cut to {@code max} characters (with an ellipsis), or as it is. */
  public static String clip(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, Math.max(0, max - 3)) + "...";
  }

  private static Map<String, Object> copyMap(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static void writeJson(StringBuilder b, Object value) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof String s) {
      b.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          default -> {
            if (c < 0x20) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      b.append('"');
    } else if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      b.append(d.longValue());
    } else if (value instanceof Number || value instanceof Boolean) {
      b.append(value);
    } else if (value instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        writeJson(b, l.get(i));
      }
      b.append(']');
    } else if (value instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        writeJson(b, String.valueOf(e.getKey()));
        b.append(':');
        writeJson(b, e.getValue());
      }
      b.append('}');
    } else {
      writeJson(b, value.toString());
    }
  }
}
