package io.ssmflow.cli.runbook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON or YAML file read into maps, lists and scalars, with the line of every member and element
 * (by JSON pointer), so a problem found in the tree names the line it is on.
 */
final class LocatedTree {
  private static final JsonFactory JSON = new JsonFactory();
  private static final JsonFactory YAML = new YAMLFactory();

  private final Object root;
  private final Map<String, Integer> lines;

  private LocatedTree(Object root, Map<String, Integer> lines) {
    this.root = root;
    this.lines = lines;
  }

  /**
   * Parses a document.
   *
   * @throws IOException with the parser's own message (it names the line) when the text is not JSON
   *     or YAML
   */
  static LocatedTree parse(String text, boolean yaml) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = (yaml ? YAML : JSON).createParser(text)) {
      if (p.nextToken() == null) {
        return new LocatedTree(null, lines);
      }
      lines.put("", p.currentTokenLocation().getLineNr());
      Object root = read(p, "", lines);
      if (!yaml && p.nextToken() != null) {
        throw new IOException(
            "unexpected content after the JSON document at line "
                + p.currentTokenLocation().getLineNr());
      }
      return new LocatedTree(root, lines);
    }
  }

  Object root() {
    return root;
  }

  /** The line of the deepest located part of {@code pointer} (1 when nothing is located). */
  int line(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 1;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  private static Object read(JsonParser p, String pointer, Map<String, Integer> lines)
      throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          String name = p.currentName();
          String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
          lines.put(child, p.currentTokenLocation().getLineNr());
          p.nextToken();
          map.put(name, read(p, child, lines));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          String child = pointer + "/" + i++;
          lines.put(child, p.currentTokenLocation().getLineNr());
          list.add(read(p, child, lines));
        }
        return list;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default ->
          throw new IOException(
              "unexpected " + t + " at line " + p.currentTokenLocation().getLineNr());
    }
  }
}
