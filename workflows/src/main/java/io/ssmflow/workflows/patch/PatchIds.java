package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.deploy.TemplateValues;
import io.ssmflow.workflows.fleet.TargetSlugs;
import io.ssmflow.workflows.fleet.TargetSpec;
import java.util.Locale;

/** Workflow ids of patch runs: meaningful and unique per intent (docs/design.md §9). */
public final class PatchIds {
  private PatchIds() {}

  /**
   * {@code patch-OPERATION-TARGET-ENV}, e.g. {@code patch-install-webservers-production}; the
   * target part is the patch group, the tag values, or the number of instance ids plus the first.
   */
  public static String workflowId(PatchOperation operation, TargetSpec targets, String env) {
    TemplateValues.check("env", env);
    return "patch-"
        + operation.awsName().toLowerCase(Locale.ROOT)
        + "-"
        + targetSlug(targets)
        + "-"
        + env;
  }

  /** The retention workflow of a patch run: {@code <patch id>/snapshot-retention}. */
  public static String retentionWorkflowId(String patchWorkflowId) {
    return patchWorkflowId + "/snapshot-retention";
  }

  static String targetSlug(TargetSpec t) {
    String slug = TargetSlugs.of(t);
    return slug.isEmpty() ? "targets" : slug;
  }
}
