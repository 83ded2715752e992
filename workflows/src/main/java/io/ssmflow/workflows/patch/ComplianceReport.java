package io.ssmflow.workflows.patch;

import java.util.List;

/**
 * An instance's patch compliance after a Scan.
 *
 * @param installedCount patches installed
 * @param missingCount patches missing
 * @param failedCount patches that failed to install
 * @param missing the first {@link #MAX_LISTED} missing or failed patches, most severe first
 */
public record ComplianceReport(
    int installedCount, int missingCount, int failedCount, List<MissingPatch> missing) {
  /** At most this many patches are listed per instance (payloads stay small). */
  public static final int MAX_LISTED = 50;

  public ComplianceReport {
    missing = missing == null ? List.of() : List.copyOf(missing);
  }
}
