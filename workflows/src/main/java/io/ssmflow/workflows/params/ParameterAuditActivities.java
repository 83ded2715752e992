package io.ssmflow.workflows.params;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Parameter Store reads and conversions of the parameter audit. Values never leave them. */
@ActivityInterface
public interface ParameterAuditActivities {
  /**
   * Describes every parameter under the path (metadata only, no value read) and reports.
   *
   * @param request path, stale limit and sensitive patterns
   * @param nowMillis the workflow's time, against which staleness is measured
   */
  @ActivityMethod
  ParameterAuditReport scan(ParameterAuditRequest request, long nowMillis);

  /**
   * Rewrites String parameters as SecureString (same value, default key), keeping tags; one already
   * SecureString is left alone, so a retry converts nothing twice.
   *
   * @param names the parameters
   * @return the names converted (or found converted)
   */
  @ActivityMethod
  List<String> convertToSecure(List<String> names);
}
