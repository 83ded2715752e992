package io.ssmflow.workflows.common;

import io.temporal.common.SearchAttributeKey;

/**
 * Custom search attributes ssmflow sets on its workflows, so the Temporal Web UI can filter by
 * operation, application, environment and runbook. They must be registered on the namespace (the
 * docker compose stack's admin-tools does it; {@code ssmflow dev} does it on the embedded server).
 */
public final class SsmflowAttributes {
  public static final SearchAttributeKey<String> OPERATION =
      SearchAttributeKey.forKeyword("SsmflowOperation");
  public static final SearchAttributeKey<String> APP = SearchAttributeKey.forKeyword("SsmflowApp");
  public static final SearchAttributeKey<String> ENVIRONMENT =
      SearchAttributeKey.forKeyword("SsmflowEnvironment");

  /** The runbook's name on runbook runs. */
  public static final SearchAttributeKey<String> DOCUMENT =
      SearchAttributeKey.forKeyword("SsmflowDocument");

  private SsmflowAttributes() {}
}
