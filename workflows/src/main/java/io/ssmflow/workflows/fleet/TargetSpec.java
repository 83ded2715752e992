package io.ssmflow.workflows.fleet;

import java.util.List;
import java.util.Map;

/**
 * Which instances an operation targets: explicit instance ids, or tag filters (all must match), or
 * a patch group (tag {@code PatchGroup} or {@code Patch Group}). Exactly one kind is set.
 *
 * @param instanceIds explicit instance ids, or empty
 * @param tags tag key to value, all of which must match, or empty
 * @param patchGroup a patch group name, or null
 */
public record TargetSpec(List<String> instanceIds, Map<String, String> tags, String patchGroup) {
  public TargetSpec {
    instanceIds = instanceIds == null ? List.of() : List.copyOf(instanceIds);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public static TargetSpec ofInstances(List<String> ids) {
    return new TargetSpec(ids, Map.of(), null);
  }

  public static TargetSpec ofTags(Map<String, String> tags) {
    return new TargetSpec(List.of(), tags, null);
  }

  public static TargetSpec ofPatchGroup(String group) {
    return new TargetSpec(List.of(), Map.of(), group);
  }

  /** A short human description, e.g. {@code tag:Application=shop,tag:Environment=staging}. */
  public String describe() {
    if (!instanceIds.isEmpty()) {
      return instanceIds.size() <= 3
          ? String.join(",", instanceIds)
          : instanceIds.size() + " instance ids";
    }
    if (patchGroup != null) {
      return "patch group " + patchGroup;
    }
    StringBuilder b = new StringBuilder();
    new java.util.TreeMap<>(tags)
        .forEach(
            (k, v) ->
                b.append(b.length() == 0 ? "" : ",")
                    .append("tag:")
                    .append(k)
                    .append('=')
                    .append(v));
    return b.toString();
  }
}
