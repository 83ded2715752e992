package io.ssmflow.workflows.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the built-in checks and the finding types they produce, with one recommendation per
 * type. Each check's command lives in the activities beside the parser that reads its output; an
 * audit asks for the commands once ({@link AuditActivities#checkCommands}).
 */
public final class BuiltInChecks {
  public static final String SSH = "ssh";
  public static final String FIREWALL = "firewall";
  public static final String DISK = "disk";
  public static final String LOAD = "load";
  public static final String UPDATES = "updates";
  public static final String AGENTS = "agents";

  /** Every built-in check, in report order. */
  public static final List<String> NAMES = List.of(SSH, FIREWALL, DISK, LOAD, UPDATES, AGENTS);

  private static final Map<String, String> RECOMMENDATIONS = new LinkedHashMap<>();

  static {
    RECOMMENDATIONS.put(
        "ssh-root-login",
        "Set 'PermitRootLogin no' (or 'prohibit-password') in"
            + " sshd_config and reload sshd; use Session Manager or a named user with sudo.");
    RECOMMENDATIONS.put(
        "ssh-password-auth",
        "Set 'PasswordAuthentication no' in sshd_config and"
            + " reload sshd; allow key-based logins or Session Manager only.");
    RECOMMENDATIONS.put(
        "firewall-inactive",
        "Enable a host firewall (ufw, firewalld or nftables)"
            + " that only admits the ports the instance serves, in addition to security groups.");
    RECOMMENDATIONS.put(
        "disk-full",
        "Free or grow the filesystem (clean logs and caches, extend"
            + " the EBS volume) and alarm on disk usage with the CloudWatch agent.");
    RECOMMENDATIONS.put(
        "load-high",
        "Find the busy processes (top, pidstat); scale the instance"
            + " type up or the group out if the load is sustained.");
    RECOMMENDATIONS.put(
        "updates-pending",
        "Install pending updates with `ssmflow patch"
            + " --operation Install` in a maintenance window.");
    RECOMMENDATIONS.put(
        "monitoring-agent-missing",
        "Install and start the Amazon CloudWatch"
            + " agent (AWS-ConfigureAWSPackage AmazonCloudWatchAgent).");
    RECOMMENDATIONS.put(
        "monitoring-agent-stopped",
        "Start the Amazon CloudWatch agent and enable"
            + " it at boot (systemctl enable --now amazon-cloudwatch-agent).");
    RECOMMENDATIONS.put(
        "antivirus-missing",
        "Install an antivirus scanner (e.g. ClamAV) with"
            + " up-to-date signatures, or document the compensating control.");
  }

  private BuiltInChecks() {}

  /** The recommendation of a built-in finding type, or null for an unknown type. */
  public static String recommendation(String type) {
    return RECOMMENDATIONS.get(type);
  }

  /** The built-in checks as audit checks, in report order. */
  public static List<AuditCheck> all() {
    return NAMES.stream().map(AuditCheck::builtIn).toList();
  }
}
