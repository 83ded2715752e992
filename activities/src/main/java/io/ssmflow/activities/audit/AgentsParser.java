package io.ssmflow.activities.audit;

import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the agent probe's lines {@code amazon-cloudwatch-agent: missing|installed STATE} and {@code
 * clamav: missing|installed STATE} (STATE from systemctl is-active: active, inactive, failed, or
 * empty/unknown without systemd). Missing or stopped agents are LOW findings.
 */
final class AgentsParser implements CheckParser {
  static final String CLOUDWATCH = "amazon-cloudwatch-agent";
  static final String CLAMAV = "clamav";

  @Override
  public List<Finding> parse(CheckOutput output) throws CheckFailed {
    List<Finding> findings = new ArrayList<>();
    boolean sawCloudWatch = false;
    boolean sawClamav = false;
    for (String raw : output.lines()) {
      String line = raw.strip().toLowerCase(Locale.ROOT);
      if (line.startsWith(CLOUDWATCH + ":")) {
        sawCloudWatch = true;
        String state = line.substring(CLOUDWATCH.length() + 1).strip();
        if (state.equals("missing")) {
          findings.add(
              new Finding(
                  BuiltInChecks.AGENTS,
                  "monitoring-agent-missing",
                  Severity.LOW,
                  "monitoring agent amazon-cloudwatch-agent is not installed"));
        } else if (stopped(state)) {
          findings.add(
              new Finding(
                  BuiltInChecks.AGENTS,
                  "monitoring-agent-stopped",
                  Severity.LOW,
                  "monitoring agent amazon-cloudwatch-agent is installed but "
                      + state.substring("installed".length()).strip()));
        }
      } else if (line.startsWith(CLAMAV + ":")) {
        sawClamav = true;
        if (line.substring(CLAMAV.length() + 1).strip().equals("missing")) {
          findings.add(
              new Finding(
                  BuiltInChecks.AGENTS,
                  "antivirus-missing",
                  Severity.LOW,
                  "no antivirus scanner (ClamAV clamscan/clamdscan) installed"));
        }
      }
    }
    if (!sawCloudWatch || !sawClamav) {
      throw new CheckFailed("the agent probe gave no answer");
    }
    return findings;
  }

  private static boolean stopped(String state) {
    return state.equals("installed inactive") || state.equals("installed failed");
  }
}
