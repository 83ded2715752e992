package io.ssmflow.cli.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a small tree that remembers the line of every node, so that a validation error
 * can say {@code file:line: what is wrong}.
 */
final class YamlTree {
  /** One node: a mapping, a list or a scalar (text, null for YAML null), and its line. */
  record Node(int line, Map<String, Node> map, List<Node> list, String scalar) {
    boolean isMap() {
      return map != null;
    }

    boolean isList() {
      return list != null;
    }

    boolean isScalar() {
      return map == null && list == null;
    }
  }

  /** A problem at a line; the caller adds the file name. */
  static final class YamlError extends IllegalArgumentException {
    final int line;

    YamlError(int line, String message) {
      super(message);
      this.line = line;
    }
  }

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlTree() {}

  static Node parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new YamlError(1, "the file is empty");
      }
      return node(p, t);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw new YamlError(
          line, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new YamlError(1, e.getMessage());
    }
  }

  private static Node node(JsonParser p, JsonToken t) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Node> map = new LinkedHashMap<>();
      while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
        String key = p.currentName();
        int keyLine = p.currentTokenLocation().getLineNr();
        Node value = node(p, p.nextToken());
        if (map.put(key, value) != null) {
          throw new YamlError(keyLine, "key '" + key + "' is given twice");
        }
      }
      return new Node(line, map, null, null);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> list = new ArrayList<>();
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        list.add(node(p, t));
      }
      return new Node(line, null, list, null);
    }
    return new Node(line, null, null, t == JsonToken.VALUE_NULL ? null : p.getText());
  }
}
