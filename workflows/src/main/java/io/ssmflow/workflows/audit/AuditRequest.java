package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import java.util.List;

/**
 * An infrastructure audit of a set of instances.
 *
 * @param targets the instances to audit
 * @param maxConcurrency instances checked at once: N or P% of the eligible ones (null: 25%)
 * @param checks the checks to run (empty: every built-in check)
 * @param environment a label for ids, metrics and messages (may be null)
 * @param snsTopicArn the topic for the summary (null: none)
 * @param metricsNamespace CloudWatch namespace for FindingsHigh/Medium/Low (null: none)
 * @param launchCutoffMillis epoch millis after which no new instance is started (instances not
 *     started by then are listed as not checked with reason "cutoff"); 0: none
 */
public record AuditRequest(
    TargetSpec targets,
    RateLimit maxConcurrency,
    List<AuditCheck> checks,
    String environment,
    String snsTopicArn,
    String metricsNamespace,
    long launchCutoffMillis) {

  /** The default MaxConcurrency, as the CLI's flag default. */
  public static final String DEFAULT_MAX_CONCURRENCY_TEXT = "25%";

  public static final RateLimit DEFAULT_MAX_CONCURRENCY =
      RateLimit.maxConcurrency(DEFAULT_MAX_CONCURRENCY_TEXT);

  public AuditRequest {
    checks = checks == null || checks.isEmpty() ? BuiltInChecks.all() : List.copyOf(checks);
    maxConcurrency = maxConcurrency == null ? DEFAULT_MAX_CONCURRENCY : maxConcurrency;
  }
}
