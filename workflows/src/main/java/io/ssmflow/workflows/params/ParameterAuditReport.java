package io.ssmflow.workflows.params;

import java.util.List;
import java.util.Map;

/**
 * What a scan found under a path: findings (names only), statistics and what remediation could
 * convert. Findings beyond {@link #MAX_FINDINGS} are counted but not listed, so the payload stays
 * small.
 *
 * @param path the audited path
 * @param total parameters scanned
 * @param byType count per type
 * @param byTier count per tier
 * @param byPrefix count per path prefix (the first level below the audited path)
 * @param findings the findings, at most {@link #MAX_FINDINGS}
 * @param findingCounts count per finding kind (all of them, listed or not)
 * @param remediable String parameters flagged as sensitive or unprotected (what --remediate
 *     converts), at most {@link #MAX_REMEDIABLE}
 * @param recommendations human lines, most important first
 */
public record ParameterAuditReport(
    String path,
    int total,
    Map<String, Integer> byType,
    Map<String, Integer> byTier,
    Map<String, Integer> byPrefix,
    List<ParameterAuditFinding> findings,
    Map<FindingKind, Integer> findingCounts,
    List<String> remediable,
    List<String> recommendations) {
  public static final int MAX_FINDINGS = 500;
  public static final int MAX_REMEDIABLE = 1000;
}
