package io.ssmflow.workflows.fleet;

import java.util.Locale;
import java.util.TreeMap;

/** The part of a workflow id that names its targets (docs/design.md §9). */
public final class TargetSlugs {
  /** The longest slug. */
  static final int MAX_LENGTH = 60;

  private TargetSlugs() {}

  /**
   * The targets' slug: the patch group, the instance id (or {@code N-instances-FIRST}), or the tag
   * values joined by '-' in key order, {@link #clean cleaned}; empty when nothing is left.
   */
  public static String of(TargetSpec t) {
    String raw;
    if (t.patchGroup() != null) {
      raw = t.patchGroup();
    } else if (!t.instanceIds().isEmpty()) {
      raw =
          t.instanceIds().size() == 1
              ? t.instanceIds().get(0)
              : t.instanceIds().size() + "-instances-" + t.instanceIds().get(0);
    } else {
      raw = String.join("-", new TreeMap<>(t.tags()).values());
    }
    return clean(raw);
  }

  /**
   * Lower case; every run of characters other than {@code a-z 0-9 . _ -} becomes '-'; no '-' at
   * either end; at most 60 characters.
   */
  public static String clean(String raw) {
    String slug =
        raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return slug.length() > MAX_LENGTH ? slug.substring(0, MAX_LENGTH) : slug;
  }
}
