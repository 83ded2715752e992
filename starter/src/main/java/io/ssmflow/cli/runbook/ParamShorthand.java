package io.ssmflow.cli.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ssmflow.cli.Json;
import io.ssmflow.workflows.runbook.doc.ParamType;
import io.ssmflow.workflows.runbook.doc.ParameterSpec;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --param NAME=VALUE} as users paste it from {@code aws ssm start-automation-execution
 * --parameters}: {@code ServiceName=nginx}, {@code InstanceIds=["i-1","i-2"]} (JSON), {@code
 * InstanceIds=[i-1,i-2]} or {@code InstanceIds=i-1,i-2} (the AWS CLI's shorthand), JSON for
 * StringMap and MapList. A value is read as its declared parameter's type.
 */
final class ParamShorthand {
  private ParamShorthand() {}

  /**
   * The values of the {@code --param} flags.
   *
   * @throws IllegalArgumentException naming the flag and the rule
   */
  static Map<String, Object> parse(List<String> flags, RunbookDocument doc) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--param takes NAME=VALUE, not '" + flag + "'");
      }
      String name = flag.substring(0, eq).trim();
      String text = flag.substring(eq + 1);
      ParameterSpec p = doc.parameter(name);
      if (p == null) {
        throw new IllegalArgumentException(
            "--param "
                + name
                + ": "
                + doc.name()
                + " declares no parameter "
                + name
                + (doc.parameters().isEmpty()
                    ? ""
                    : " (it declares "
                        + String.join(
                            ", ", doc.parameters().stream().map(ParameterSpec::name).toList())
                        + ")"));
      }
      if (out.containsKey(name)) {
        throw new IllegalArgumentException("--param " + name + " is given twice");
      }
      out.put(name, value(name, text, p.type()));
    }
    return out;
  }

  static Object value(String name, String text, ParamType type) {
    String t = text.trim();
    switch (type) {
      case STRING_LIST -> {
        if (t.startsWith("[") && t.endsWith("]")) {
          Object json = json(t);
          if (json instanceof List<?> l) {
            return l;
          }
          return items(t.substring(1, t.length() - 1));
        }
        return t.isEmpty() ? List.of() : items(t);
      }
      case STRING_MAP, MAP_LIST -> {
        Object json = json(t);
        if (json == null) {
          throw new IllegalArgumentException(
              "--param "
                  + name
                  + " ("
                  + type.awsName()
                  + ") takes JSON, e.g. "
                  + (type == ParamType.STRING_MAP
                      ? "{\"key\":\"value\"}"
                      : "[{\"Key\":\"Env\",\"Value\":\"prod\"}]"));
        }
        return json;
      }
      default -> {
        return unquote(t);
      }
    }
  }

  private static List<String> items(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = unquote(part.trim());
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static Object json(String text) {
    try {
      return Json.MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
