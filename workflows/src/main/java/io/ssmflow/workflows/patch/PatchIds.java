package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.deploy.TemplateValues;
import io.ssmflow.workflows.fleet.TargetSpec;
import java.util.Locale;

/** Workflow ids of patch runs: meaningful and unique per intent (DESIGN.md section 7). */
public final class PatchIds {
  private PatchIds() {}

  /**
   * {@code patch-OPERATION-TARGET-ENV}, e.g. {@code patch-install-webservers-production}; the
   * target part is the patch group, the tag values, or the number of instance ids plus the first.
   */
  public static String workflowId(PatchOperation operation, TargetSpec targets, String env) {
    TemplateValues.check("env", env);
    return "patch-" + operation.awsName().toLowerCase(Locale.ROOT) + "-" + targetSlug(targets)
        + "-" + env;
  }

  /** The retention workflow of a patch run: {@code <patch id>/snapshot-retention}. */
  public static String retentionWorkflowId(String patchWorkflowId) {
    return patchWorkflowId + "/snapshot-retention";
  }

  static String targetSlug(TargetSpec t) {
    String raw;
    if (t.patchGroup() != null) {
      raw = t.patchGroup();
    } else if (!t.instanceIds().isEmpty()) {
      raw = t.instanceIds().size() == 1 ? t.instanceIds().get(0)
          : t.instanceIds().size() + "-instances-" + t.instanceIds().get(0);
    } else {
      raw = String.join("-", new java.util.TreeMap<>(t.tags()).values());
    }
    String slug = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
        .replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "targets" : slug.length() > 60 ? slug.substring(0, 60) : slug;
  }
}
