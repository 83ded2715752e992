package io.ssmflow.workflows.runbook.doc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a document's {@code parameters} section into {@link ParameterSpec}s. */
final class ParameterReader {
  static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_]{1,128}");
  private static final List<String> PROPERTIES =
      List.of(
          "type",
          "description",
          "default",
          "allowedValues",
          "allowedPattern",
          "minItems",
          "maxItems",
          "minChars",
          "maxChars",
          "displayType");

  private ParameterReader() {}

  static List<ParameterSpec> read(Object section, Problems problems) {
    List<ParameterSpec> out = new ArrayList<>();
    if (section == null) {
      return out;
    }
    List<Object> root = List.of("parameters");
    Map<String, Object> params = problems.map(section, root, null, "parameters");
    if (params == null) {
      return out;
    }
    params.forEach(
        (name, spec) -> {
          List<Object> path = Problems.at(root, name);
          if (!NAME.matcher(name).matches()) {
            problems.add(path, null, "parameter name " + name + " must be 1-128 of a-z A-Z 0-9 _");
            return;
          }
          ParameterSpec p = one(name, spec, path, problems);
          if (p != null) {
            out.add(p);
          }
        });
    return out;
  }

  private static ParameterSpec one(String name, Object spec, List<Object> path, Problems problems) {
    Map<String, Object> m = problems.map(spec, path, null, "parameter " + name);
    if (m == null) {
      return null;
    }
    problems.onlyKeys(m, PROPERTIES, path, null, "a parameter");
    Object typeText = m.get("type");
    if (typeText == null) {
      problems.add(
          Problems.at(path, "type"),
          null,
          "parameter " + name + " needs a type (" + ParamType.names() + ")");
      return null;
    }
    ParamType type = typeText instanceof String s ? ParamType.parse(s) : null;
    if (type == null) {
      problems.add(
          Problems.at(path, "type"),
          null,
          "type " + Values.text(typeText) + " is not a parameter type (" + ParamType.names() + ")");
      return null;
    }
    String description = m.get("description") instanceof String d ? d : null;
    List<Object> allowed = new ArrayList<>();
    if (m.containsKey("allowedValues")) {
      List<?> l =
          problems.list(
              m.get("allowedValues"), Problems.at(path, "allowedValues"), null, "allowedValues");
      if (l != null) {
        allowed.addAll(l);
      }
    }
    String pattern = null;
    if (m.containsKey("allowedPattern")) {
      pattern =
          problems.text(
              m.get("allowedPattern"), Problems.at(path, "allowedPattern"), null, "allowedPattern");
      if (pattern != null) {
        try {
          Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
          problems.add(
              Problems.at(path, "allowedPattern"),
              null,
              "allowedPattern is not a" + " regular expression: " + e.getDescription());
          pattern = null;
        }
      }
    }
    Integer minItems = bound(m, "minItems", path, problems);
    Integer maxItems = bound(m, "maxItems", path, problems);
    Integer minChars = bound(m, "minChars", path, problems);
    Integer maxChars = bound(m, "maxChars", path, problems);
    if ((minItems != null || maxItems != null) && !type.isList()) {
      problems.add(
          path,
          null,
          "minItems and maxItems apply to StringList and MapList, not " + type.awsName());
    }
    boolean hasDefault = m.containsKey("default");
    Object defaultValue = null;
    ParameterSpec draft =
        new ParameterSpec(
            name,
            type,
            description,
            false,
            null,
            allowed,
            pattern,
            minItems,
            maxItems,
            minChars,
            maxChars);
    if (hasDefault) {
      Object raw = m.get("default");
      List<Object> at = Problems.at(path, "default");
      if (raw instanceof String s && !Templates.referencesIn(s).isEmpty()) {
        problems.add(
            at,
            null,
            "a default cannot use variables ({{ "
                + Templates.referencesIn(s).get(0)
                + " }}): SSM resolves neither other parameters nor Parameter Store here");
      } else {
        try {
          defaultValue = Values.coerce(raw, type);
          // An empty default of a constrained parameter means "not given" (AWS's own runbooks
          // declare default: '' with an allowedPattern); it is checked when a value is given.
          if (!isEmpty(defaultValue)) {
            ParameterBinder.check(draft, defaultValue);
          }
        } catch (IllegalArgumentException e) {
          problems.add(at, null, "default of " + name + ": " + e.getMessage());
        }
      }
    }
    return new ParameterSpec(
        name,
        type,
        description,
        hasDefault,
        defaultValue,
        allowed,
        pattern,
        minItems,
        maxItems,
        minChars,
        maxChars);
  }

  private static boolean isEmpty(Object v) {
    return v instanceof String s && s.isEmpty() || v instanceof List<?> l && l.isEmpty();
  }

  private static Integer bound(
      Map<String, Object> m, String key, List<Object> path, Problems problems) {
    if (!m.containsKey(key)) {
      return null;
    }
    return problems.integer(m.get(key), Problems.at(path, key), null, key, 0, 1_000_000);
  }
}
