package io.ssmflow.simulator.ssm.params;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One ParameterStringFilter of DescribeParameters or GetParametersByPath, validated the way the
 * service does for the operation it came with, and matched against a parameter version.
 */
record ParameterFilter(String key, String option, List<String> values) {
  /** Which operation the filters belong to: the allowed keys differ. */
  enum Use {
    BY_PATH,
    DESCRIBE
  }

  private static final Pattern KEY =
      Pattern.compile("tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType");
  private static final Pattern PATH_VALUE = Pattern.compile("/[a-zA-Z0-9_.\\-/]*");
  private static final List<String> TYPES = List.of("String", "StringList", "SecureString");
  private static final List<String> TIERS = List.of("Standard", "Advanced", "Intelligent-Tiering");

  static List<ParameterFilter> parse(List<JsonNode> nodes, Use use) {
    List<ParameterFilter> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode node = nodes.get(i);
      String member = "parameterFilters." + (i + 1) + ".member";
      String key = Json.requiredText(node, "Key");
      if (key.length() > 132 || !KEY.matcher(key).matches()) {
        throw ParameterErrors.constraint(
            member + ".key",
            key,
            "Member must satisfy regular expression pattern: " + KEY.pattern());
      }
      String option = Json.optionalText(node, "Option");
      if (option != null && (option.isEmpty() || option.length() > 10)) {
        throw ParameterErrors.constraint(
            member + ".option", option, "Member must have length less than or equal to 10");
      }
      List<String> values = Json.textList(node, "Values");
      if (values.size() > 50) {
        throw ParameterErrors.constraint(
            member + ".values", values, "Member must have length less than or equal to 50");
      }
      for (String v : values) {
        if (v.isEmpty() || v.length() > 1024) {
          throw ParameterErrors.constraint(
              member + ".values",
              values,
              "[Member must have length less than or equal to 1024, Member must have length"
                  + " greater than or equal to 1]");
        }
      }
      checkKeyAllowed(key, use);
      if (!seen.add(key)) {
        throw ParameterErrors.invalidFilterKey(
            "The following filter is duplicated in the"
                + " request: "
                + key
                + ". A request can contain only one occurrence of a specific"
                + " filter.");
      }
      String effective = option != null ? option : key.equals("Path") ? "OneLevel" : "Equals";
      checkOption(key, effective);
      if (values.isEmpty() && !key.startsWith("tag:")) {
        throw ParameterErrors.invalidFilterValue(
            "The following filter values are missing : null for filter key " + key + ".");
      }
      checkValues(key, values);
      out.add(new ParameterFilter(key, effective, List.copyOf(values)));
    }
    return out;
  }

  private static void checkKeyAllowed(String key, Use use) {
    if (use == Use.BY_PATH && !List.of("Type", "KeyId", "Label").contains(key)) {
      throw ParameterErrors.invalidFilterKey(
          "The following filter key is not valid: "
              + key
              + ". Valid filter keys include: [Type, KeyId, Label].");
    }
    if (use == Use.DESCRIBE && key.equals("Label")) {
      throw ParameterErrors.invalidFilterKey(
          "The following filter key is not valid: Label."
              + " Valid filter keys include: [Path, Name, Type, KeyId, Tier, DataType, tag:KEY].");
    }
  }

  private static void checkOption(String key, String option) {
    List<String> allowed =
        switch (key) {
          case "Path" -> List.of("Recursive", "OneLevel");
          case "Name" -> List.of("Equals", "BeginsWith", "Contains");
          case "Label" -> List.of("Equals");
          default -> List.of("Equals", "BeginsWith");
        };
    if (!allowed.contains(option)) {
      throw ParameterErrors.invalidFilterOption(
          "The following filter option is not valid: "
              + option
              + ". Valid options include: "
              + allowed.toString()
              + ".");
    }
  }

  private static void checkValues(String key, List<String> values) {
    List<String> allowed =
        switch (key) {
          case "Type" -> TYPES;
          case "Tier" -> TIERS;
          default -> null;
        };
    for (String v : values) {
      if (allowed != null && !allowed.contains(v)) {
        throw ParameterErrors.invalidFilterValue(
            "The following filter value is not valid: "
                + v
                + ". Valid values include: "
                + allowed
                + ".");
      }
      if (key.equals("Path")) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("/aws") || lower.startsWith("/ssm")) {
          throw AwsException.validation(
              "Filters for common parameters can't be prefixed with"
                  + " \"aws\" or \"ssm\" (case-insensitive). When using global parameters, please"
                  + " specify within a global namespace.");
        }
        if (!PATH_VALUE.matcher(v).matches() || v.contains("//")) {
          throw AwsException.validation(
              "The parameter doesn't meet the parameter name"
                  + " requirements. The parameter name must begin with a forward slash \"/\". It"
                  + " can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only"
                  + " letters, numbers, or the following symbols: . (period), - (hyphen),"
                  + " _ (underscore). Special characters are not allowed. All sub-paths, if"
                  + " specified, must use the forward slash symbol \"/\". Valid example:"
                  + " /get/parameters2-/by1./path0_.");
        }
      }
    }
  }

  /** True when {@code version} of {@code parameter} passes this filter. */
  boolean matches(StoredParameter parameter, ParameterVersion version) {
    return switch (key) {
      case "Name" -> matchesName(ParameterNames.rooted(parameter.name));
      case "Path" -> matchesPath(ParameterNames.rooted(parameter.name));
      case "Type" -> compare(version.type);
      case "KeyId" -> version.secure() && compare(version.keyId);
      case "Tier" -> compare(version.tier);
      case "DataType" -> compare(version.dataType);
      case "Label" -> version.labels.stream().anyMatch(values::contains);
      default -> matchesTag(parameter);
    };
  }

  private boolean matchesName(String rooted) {
    if (option.equals("Contains")) {
      return values.stream().anyMatch(rooted::contains);
    }
    return values.stream()
        .map(ParameterNames::rooted)
        .anyMatch(v -> option.equals("BeginsWith") ? rooted.startsWith(v) : rooted.equals(v));
  }

  private boolean matchesPath(String rooted) {
    String parent = rooted.substring(0, Math.max(1, rooted.lastIndexOf('/')));
    for (String raw : values) {
      String path =
          raw.length() > 1 && raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
      boolean hit =
          option.equals("OneLevel")
              ? parent.equals(path)
              : path.equals("/") || rooted.startsWith(path + "/");
      if (hit) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesTag(StoredParameter parameter) {
    String tagKey = key.substring("tag:".length());
    String tagValue = parameter.tags.get(tagKey);
    if (tagValue == null) {
      return false;
    }
    return values.isEmpty() || compare(tagValue);
  }

  private boolean compare(String actual) {
    if (actual == null) {
      return false;
    }
    return values.stream()
        .anyMatch(v -> option.equals("BeginsWith") ? actual.startsWith(v) : actual.equals(v));
  }

  /** The older Filters member: Name (begins with), Type and KeyId (equal to one of Values). */
  static List<ParameterFilter> parseLegacy(List<JsonNode> nodes) {
    List<ParameterFilter> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      String key = Json.requiredText(nodes.get(i), "Key");
      List<String> values = Json.textList(nodes.get(i), "Values");
      if (!List.of("Name", "Type", "KeyId").contains(key)) {
        throw ParameterErrors.constraint(
            "filters." + (i + 1) + ".member.key",
            key,
            "Member must satisfy enum value set: [Name, Type, KeyId]");
      }
      if (values.isEmpty() || values.size() > 50) {
        throw ParameterErrors.constraint(
            "filters." + (i + 1) + ".member.values",
            values,
            "Member must have length less than or equal to 50, Member must have length greater"
                + " than or equal to 1");
      }
      out.add(
          new ParameterFilter(
              key, key.equals("Name") ? "BeginsWith" : "Equals", List.copyOf(values)));
    }
    return out;
  }
}
