package io.ssmflow.cli.deploy;

import io.ssmflow.workflows.fleet.TargetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses {@code --targets tag:K=V,...} and {@code --instance-ids i-1,i-2}. */
public final class Targets {
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
  private static final Pattern TAG_PART = Pattern.compile("[^\\p{Cntrl},=]{1,256}");

  private Targets() {}

  /**
   * The target spec of the flags: tags, ids, or (neither given) the convention tags {@code
   * Application=APP} and {@code Environment=ENV}.
   */
  public static TargetSpec resolve(String tags, String instanceIds, String app, String env) {
    if (tags != null && instanceIds != null) {
      throw new IllegalArgumentException("give either --targets or --instance-ids, not both");
    }
    if (instanceIds != null) {
      return TargetSpec.ofInstances(instanceIds(instanceIds));
    }
    if (tags != null) {
      return TargetSpec.ofTags(tags(tags));
    }
    return TargetSpec.ofTags(Map.of("Application", app, "Environment", env));
  }

  static Map<String, String> tags(String text) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      if (!p.startsWith("tag:")) {
        throw new IllegalArgumentException(
            "--targets takes tag:KEY=VALUE[,tag:KEY=VALUE...], not '" + text + "'");
      }
      int eq = p.indexOf('=');
      String key = eq < 0 ? "" : p.substring(4, eq);
      String value = eq < 0 ? "" : p.substring(eq + 1);
      if (!TAG_PART.matcher(key).matches() || !TAG_PART.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "--targets: '" + p + "' must be tag:KEY=VALUE with" + " non-empty key and value");
      }
      if (tags.put(key, value) != null) {
        throw new IllegalArgumentException("--targets: tag " + key + " is given twice");
      }
    }
    return tags;
  }

  static List<String> instanceIds(String text) {
    List<String> ids = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String id = part.trim();
      if (!INSTANCE_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "--instance-ids: '" + id + "' is not an instance id" + " (i- and 8 to 17 hex digits)");
      }
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }
}
