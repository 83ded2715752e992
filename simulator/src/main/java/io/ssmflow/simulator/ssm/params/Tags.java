package io.ssmflow.simulator.ssm.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** SSM tag lists: parsing with the model's constraints, the 50-tag limit, and rendering. */
final class Tags {
  static final int MAX_TAGS = 50;

  private static final Pattern TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private Tags() {}

  /** A TagList member ([{Key, Value}]) as an ordered map; later duplicates win. */
  static Map<String, String> parse(List<JsonNode> nodes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode node = nodes.get(i);
      String member = "tags." + (i + 1) + ".member";
      String key = Json.requiredText(node, "Key");
      String value = Json.requiredText(node, "Value");
      if (key.isEmpty() || key.length() > 128) {
        throw ParameterErrors.constraint(
            member + ".key",
            key,
            "Member must have length less than or equal to 128, Member must have length greater"
                + " than or equal to 1");
      }
      if (value.length() > 256) {
        throw ParameterErrors.constraint(
            member + ".value", value, "Member must have length less than or equal to 256");
      }
      if (!TEXT.matcher(key).matches()) {
        throw ParameterErrors.constraint(
            member + ".key",
            key,
            "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
      }
      if (!TEXT.matcher(value).matches()) {
        throw ParameterErrors.constraint(
            member + ".value",
            value,
            "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
      }
      if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw AwsException.validation("Tag keys beginning with \"aws:\" are reserved for AWS use.");
      }
      out.put(key, value);
    }
    return out;
  }

  /** Throws TooManyTagsError when {@code existing} plus {@code added} exceeds 50 keys. */
  static void checkLimit(Map<String, String> existing, Map<String, String> added) {
    long count =
        existing.size() + added.keySet().stream().filter(k -> !existing.containsKey(k)).count();
    if (count > MAX_TAGS) {
      throw new AwsException(
          "TooManyTagsError",
          "The resource can have at most "
              + MAX_TAGS
              + " tags; this request would give it "
              + count
              + ".");
    }
  }

  static ArrayNode render(Map<String, String> tags) {
    ArrayNode list = Json.array();
    tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
    return list;
  }
}
