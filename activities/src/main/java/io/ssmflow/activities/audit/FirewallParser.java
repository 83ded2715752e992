package io.ssmflow.activities.audit;

import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the firewall probe's lines: {@code ufw: Status: active}, {@code firewalld: running}, {@code
 * nft: rc=0 rules=12}, {@code iptables: rc=0 rules=3 policy=DROP}. Active when ufw is active,
 * firewalld runs, nftables has rules, or iptables has rules or a dropping INPUT policy. A tool that
 * could not be asked (not root) makes the verdict unknown, not a finding.
 */
final class FirewallParser implements CheckParser {
  /** The probe's first line: without it the output is not the probe's (no verdict). */
  static final String PROBE_MARKER = "# ssmflow-firewall-probe";

  private static final Pattern TABLES =
      Pattern.compile("(nft|iptables): rc=(\\d+) rules=(\\d+)(?: policy=(\\S*))?");

  @Override
  public List<Finding> parse(CheckOutput output) throws CheckFailed {
    if (!output.stdout().contains(PROBE_MARKER)) {
      throw new CheckFailed("the firewall probe gave no answer");
    }
    List<String> inactive = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (String line : output.lines()) {
      String l = line.strip();
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.startsWith("ufw:")) {
        if (lower.contains("status: active")) {
          return List.of();
        }
        (lower.contains("status: inactive") ? inactive : unreadable).add("ufw");
      } else if (lower.startsWith("firewalld:")) {
        if (lower.endsWith(": running")) {
          return List.of();
        }
        (lower.contains("not running") ? inactive : unreadable).add("firewalld");
      } else {
        Matcher m = TABLES.matcher(l);
        if (!m.find()) {
          continue;
        }
        String tool = m.group(1);
        if (!m.group(2).equals("0")) {
          unreadable.add(tool);
          continue;
        }
        String policy = m.group(4) == null ? "" : m.group(4).toUpperCase(Locale.ROOT);
        if (Integer.parseInt(m.group(3)) > 0 || policy.equals("DROP") || policy.equals("REJECT")) {
          return List.of();
        }
        inactive.add(tool);
      }
    }
    if (!unreadable.isEmpty()) {
      throw new CheckFailed(
          "cannot read the state of "
              + String.join(", ", unreadable)
              + " (the check must run as root)");
    }
    String detail =
        inactive.isEmpty()
            ? "no firewall tool installed (ufw, firewalld, nftables," + " iptables)"
            : String.join(", ", inactive) + " without rules or inactive";
    return List.of(
        new Finding(
            BuiltInChecks.FIREWALL,
            "firewall-inactive",
            Severity.MEDIUM,
            "no active host firewall: " + detail));
  }
}
