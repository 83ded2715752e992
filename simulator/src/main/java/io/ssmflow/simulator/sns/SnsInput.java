package io.ssmflow.simulator.sns;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.http.QueryRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading and checking the AWS Query members that several SNS operations share. */
final class SnsInput {
  static final Pattern TOPIC_ARN =
      Pattern.compile("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}$");
  static final Pattern E164 = Pattern.compile("^\\+?[1-9]\\d{1,14}$");
  private static final int MAX_TAGS = 50;

  private SnsInput() {}

  static String requiredTopicArn(QueryRequest req, String member) {
    String arn = req.get(member);
    if (arn == null) {
      throw SnsErrors.missing(member);
    }
    if (!TOPIC_ARN.matcher(arn).matches()) {
      throw SnsErrors.invalidParameter("Invalid parameter: " + member);
    }
    return arn;
  }

  /** An AWS Query map: {@code prefix.N.key} / {@code prefix.N.value}. */
  static Map<String, String> entries(QueryRequest req, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (QueryRequest e : req.structList(prefix)) {
      String key = e.get("key");
      if (key == null) {
        throw SnsErrors.invalidParameter(
            "Invalid parameter: " + prefix.split("\\.")[0] + " Reason: an entry has no key");
      }
      out.put(key, e.get("value", ""));
    }
    return out;
  }

  static Map<String, String> tags(QueryRequest req, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (QueryRequest e : req.structList(prefix)) {
      String key = e.get("Key");
      if (key == null) {
        throw SnsErrors.invalidParameter("Invalid parameter: Tags Reason: a tag has no Key");
      }
      out.put(key, e.get("Value", ""));
    }
    return out;
  }

  static void validateTags(Map<String, String> tags, int existing) {
    if (tags.size() + existing > MAX_TAGS) {
      throw new AwsException(
          "TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded");
    }
    tags.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.length() > 128 || v.length() > 256) {
            throw SnsErrors.invalidParameter(
                "Invalid parameter: Tags Reason: tag keys must be 1-128"
                    + " and values 0-256 characters long");
          }
        });
  }

  static boolean isJsonObject(String s) {
    try {
      JsonNode n = Json.MAPPER.readTree(s);
      return n != null && n.isObject();
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isJsonArray(String s) {
    try {
      JsonNode n = Json.MAPPER.readTree(s);
      return n != null && n.isArray();
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isNumber(String s) {
    try {
      double d = Double.parseDouble(s.trim());
      return !Double.isNaN(d) && !Double.isInfinite(d);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static long utf8Length(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
