package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleet.TargetSlugs;
import io.ssmflow.workflows.fleet.TargetSpec;

/** Workflow ids of audits: meaningful and unique per intent (docs/design.md §9). */
public final class AuditIds {
  /** The id of the session-hygiene audit: one at a time per namespace. */
  public static final String SESSIONS = "audit-sessions";

  private AuditIds() {}

  /**
   * {@code audit-TARGET[-ENV]}, e.g. {@code audit-shop-staging} for tags Application=shop,
   * Environment=staging; the target part is the patch group, the tag values, or the number of
   * instance ids plus the first.
   */
  public static String workflowId(TargetSpec targets, String environment) {
    String slug = slug(targets);
    if (environment != null && !environment.isBlank()) {
      String env = TargetSlugs.clean(environment);
      if (!slug.equals(env) && !slug.endsWith("-" + env)) {
        slug = slug + "-" + env;
      }
    }
    return "audit-" + slug;
  }

  /** Whether a workflow id names an audit (fleet or sessions). */
  public static boolean isAudit(String workflowId) {
    return workflowId != null && workflowId.startsWith("audit-");
  }

  private static String slug(TargetSpec t) {
    String slug = TargetSlugs.of(t);
    return slug.isEmpty() ? "fleet" : slug;
  }
}
