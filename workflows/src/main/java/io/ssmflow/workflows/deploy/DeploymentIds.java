package io.ssmflow.workflows.deploy;

/** Workflow ids of deployments: meaningful and unique per intent (docs/design.md §9). */
public final class DeploymentIds {
  private DeploymentIds() {}

  /** {@code deploy-APP-ENV-VERSION}, e.g. {@code deploy-shop-staging-2.0.0}. */
  public static String workflowId(String app, String env, String version) {
    TemplateValues.check("app", app);
    TemplateValues.check("env", env);
    TemplateValues.check("version", version);
    return "deploy-" + app + "-" + env + "-" + version;
  }

  /**
   * The id of one child of a deployment ({@code canary}, {@code s3}, {@code rollback-s1}). A slash
   * cannot occur in the parent's parts, so a child id never equals another deployment's.
   */
  public static String childId(String parentId, String part) {
    return parentId + "/" + part;
  }

  /**
   * The lock a deployment of {@code app} to {@code env} holds while it runs: {@code
   * deploy-lock/APP/ENV} (a slash never occurs in a deployment's own id).
   */
  public static String lockId(String app, String env) {
    TemplateValues.check("app", app);
    TemplateValues.check("env", env);
    return "deploy-lock/" + app + "/" + env;
  }
}
