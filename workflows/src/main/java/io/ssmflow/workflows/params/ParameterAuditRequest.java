package io.ssmflow.workflows.params;

import java.time.Duration;
import java.util.List;

/**
 * A Parameter Store security audit.
 *
 * @param path the path audited, recursively ({@code /} for everything)
 * @param staleDays parameters unchanged for more than this many days are flagged (0: no check)
 * @param sensitivePatterns regular expressions of sensitive names (empty: the defaults of {@link
 *     ConfigRules#DEFAULT_SECURE_PATTERNS})
 * @param remediate after an approval, convert flagged String parameters to SecureString
 * @param approvalTimeout how long to wait for approve/reject; no decision rejects
 */
public record ParameterAuditRequest(
    String path,
    int staleDays,
    List<String> sensitivePatterns,
    boolean remediate,
    Duration approvalTimeout) {
  public ParameterAuditRequest {
    sensitivePatterns = sensitivePatterns == null ? List.of() : List.copyOf(sensitivePatterns);
  }
}
