package io.ssmflow.workflows.runbook.doc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSONPath subset SSM Automation documents use in Selector and PropertySelector: {@code $} then
 * child members ({@code .Name}, {@code ['Name']}), array indexes ({@code [0]}, {@code [-1]}),
 * wildcards ({@code .*}, {@code [*]}) and deep scans ({@code ..Name}). A path with only members and
 * indexes selects one value (or nothing); a wildcard or deep scan selects a list.
 */
public final class JsonPath {
  private sealed interface Segment permits Member, Index, Wildcard, Deep {}

  private record Member(String name) implements Segment {}

  private record Index(int index) implements Segment {}

  private record Wildcard() implements Segment {}

  private record Deep(String name) implements Segment {}

  private final String text;
  private final List<Segment> segments;

  private JsonPath(String text, List<Segment> segments) {
    this.text = text;
    this.segments = List.copyOf(segments);
  }

  /**
   * Parses a path.
   *
   * @throws IllegalArgumentException naming the position and what was expected
   */
  public static JsonPath parse(String text) {
    if (text == null || !text.startsWith("$")) {
      throw new IllegalArgumentException("a JSONPath starts with $, e.g. $.Reservations[0]");
    }
    List<Segment> segments = new ArrayList<>();
    int i = 1;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '.' && i + 1 < n && text.charAt(i + 1) == '.') {
        int start = i + 2;
        int end = nameEnd(text, start);
        String name = text.substring(start, end);
        if (name.isEmpty()) {
          throw bad(text, start, "a member name or * after ..");
        }
        segments.add(new Deep(name));
        i = end;
      } else if (c == '.') {
        int start = i + 1;
        int end = nameEnd(text, start);
        String name = text.substring(start, end);
        if (name.isEmpty()) {
          throw bad(text, start, "a member name or * after .");
        }
        segments.add(name.equals("*") ? new Wildcard() : new Member(name));
        i = end;
      } else if (c == '[') {
        int close = text.indexOf(']', i);
        if (close < 0) {
          throw bad(text, i, "a closing ]");
        }
        String inner = text.substring(i + 1, close).trim();
        if (inner.equals("*")) {
          segments.add(new Wildcard());
        } else if (inner.length() >= 2
            && (inner.startsWith("'") && inner.endsWith("'")
                || inner.startsWith("\"") && inner.endsWith("\""))) {
          segments.add(new Member(inner.substring(1, inner.length() - 1)));
        } else {
          try {
            segments.add(new Index(Integer.parseInt(inner)));
          } catch (NumberFormatException e) {
            throw bad(text, i + 1, "an index, * or a quoted name inside [ ]");
          }
        }
        i = close + 1;
      } else {
        throw bad(text, i, ". or [");
      }
    }
    return new JsonPath(text, segments);
  }

  private static int nameEnd(String text, int start) {
    int i = start;
    while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
      i++;
    }
    return i;
  }

  private static IllegalArgumentException bad(String text, int at, String expected) {
    return new IllegalArgumentException(
        "JSONPath " + text + ": expected " + expected + " at character " + (at + 1));
  }

  /** Whether the path selects at most one value (no wildcard, no deep scan). */
  public boolean definite() {
    return segments.stream().allMatch(s -> s instanceof Member || s instanceof Index);
  }

  /** The value selected in {@code root}: one value or null (definite), else a list. */
  public Object select(Object root) {
    List<Object> current = new ArrayList<>();
    current.add(root);
    for (Segment s : segments) {
      List<Object> next = new ArrayList<>();
      for (Object node : current) {
        apply(s, node, next);
      }
      current = next;
    }
    if (definite()) {
      return current.isEmpty() ? null : current.get(0);
    }
    return current;
  }

  private static void apply(Segment s, Object node, List<Object> out) {
    if (s instanceof Member m) {
      if (node instanceof Map<?, ?> map && map.containsKey(m.name())) {
        out.add(map.get(m.name()));
      }
    } else if (s instanceof Index ix) {
      if (node instanceof List<?> list) {
        int i = ix.index() < 0 ? list.size() + ix.index() : ix.index();
        if (i >= 0 && i < list.size()) {
          out.add(list.get(i));
        }
      }
    } else if (s instanceof Wildcard) {
      if (node instanceof Map<?, ?> map) {
        out.addAll(map.values());
      } else if (node instanceof List<?> list) {
        out.addAll(list);
      }
    } else if (s instanceof Deep d) {
      scan(node, d.name(), out);
    }
  }

  /** Every member named {@code name} (or every value, for *) at any depth, in document order. */
  private static void scan(Object node, String name, List<Object> out) {
    if (node instanceof Map<?, ?> map) {
      if (name.equals("*")) {
        out.addAll(map.values());
      } else if (map.containsKey(name)) {
        out.add(map.get(name));
      }
      for (Object v : map.values()) {
        scan(v, name, out);
      }
    } else if (node instanceof List<?> list) {
      for (Object v : list) {
        if (name.equals("*")) {
          out.add(v);
        }
        scan(v, name, out);
      }
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
