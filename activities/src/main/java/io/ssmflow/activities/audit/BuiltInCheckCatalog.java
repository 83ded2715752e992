package io.ssmflow.activities.audit;

import io.ssmflow.workflows.audit.BuiltInChecks;
import java.util.List;
import java.util.Map;

/**
 * The commands of the built-in checks and their parsers. Each command prints what its parser reads
 * and exits 0 whatever it finds (a finding is not a failure); they run as root under the SSM agent,
 * as AWS-RunShellScript does.
 */
final class BuiltInCheckCatalog {
  static final int TIMEOUT_SECONDS = 60;

  /** A built-in check: its shell lines and its parser. */
  record BuiltIn(List<String> commands, CheckParser parser) {}

  private static final Map<String, BuiltIn> CHECKS =
      Map.of(
          BuiltInChecks.SSH,
              new BuiltIn(
                  List.of(
                      "sshd_bin=$(command -v sshd 2>/dev/null || echo /usr/sbin/sshd)",
                      "effective=$(\"$sshd_bin\" -T 2>/dev/null) || effective=''",
                      "if [ -n \"$effective\" ]; then echo '# ssmflow-source: sshd -T';"
                          + " printf '%s\\n' \"$effective\";"
                          + " elif [ -r /etc/ssh/sshd_config ]; then"
                          + " echo '# ssmflow-source: /etc/ssh/sshd_config'; cat /etc/ssh/sshd_config;"
                          + " else echo '# ssmflow-source: none'; fi",
                      "true"),
                  new SshConfigParser()),
          BuiltInChecks.FIREWALL,
              new BuiltIn(
                  List.of(
                      "echo '" + FirewallParser.PROBE_MARKER + "'",
                      "if command -v ufw >/dev/null 2>&1; then echo \"ufw: $(ufw status 2>&1 | head -n 1)\";"
                          + " fi",
                      "if command -v firewall-cmd >/dev/null 2>&1; then"
                          + " echo \"firewalld: $(firewall-cmd --state 2>&1 | head -n 1)\"; fi",
                      "if command -v nft >/dev/null 2>&1; then r=$(nft list ruleset 2>&1);"
                          + " echo \"nft: rc=$? rules=$(printf '%s\\n' \"$r\" | grep -cE"
                          + " '^[[:space:]]+(ip|ip6|tcp|udp|ct|iif|iifname|meta|counter|drop|reject|jump)"
                          + "[[:space:]]')\"; fi",
                      "if command -v iptables >/dev/null 2>&1; then r=$(iptables -S 2>&1);"
                          + " echo \"iptables: rc=$? rules=$(printf '%s\\n' \"$r\" | grep -c '^-A')"
                          + " policy=$(printf '%s\\n' \"$r\" | awk '$1==\"-P\" && $2==\"INPUT\" {print $3}')\";"
                          + " fi",
                      "true"),
                  new FirewallParser()),
          BuiltInChecks.DISK,
              new BuiltIn(
                  List.of("df -P -x tmpfs -x devtmpfs -x squashfs 2>/dev/null || df -P", "true"),
                  new DiskUsageParser()),
          BuiltInChecks.LOAD,
              new BuiltIn(
                  List.of(
                      "uptime",
                      "echo \"cores: $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)\""),
                  new LoadParser()),
          BuiltInChecks.UPDATES,
              new BuiltIn(
                  List.of(
                      "if command -v apt >/dev/null 2>&1; then echo '# ssmflow-source: apt';"
                          + " apt list --upgradable 2>/dev/null;"
                          + " elif command -v dnf >/dev/null 2>&1; then echo '# ssmflow-source: dnf';"
                          + " dnf -q check-update 2>/dev/null;"
                          + " elif command -v yum >/dev/null 2>&1; then echo '# ssmflow-source: yum';"
                          + " yum -q list updates 2>/dev/null;"
                          + " else echo '# ssmflow-source: none'; fi",
                      "true"),
                  new PendingUpdatesParser()),
          BuiltInChecks.AGENTS,
              new BuiltIn(
                  List.of(
                      "cw=/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent",
                      "if [ -e \"$cw\" ]; then"
                          + " echo \"amazon-cloudwatch-agent: installed $(systemctl is-active"
                          + " amazon-cloudwatch-agent 2>/dev/null | head -n 1)\";"
                          + " else echo 'amazon-cloudwatch-agent: missing'; fi",
                      "if command -v clamscan >/dev/null 2>&1 || command -v clamdscan >/dev/null 2>&1;"
                          + " then echo 'clamav: installed'; else echo 'clamav: missing'; fi",
                      "true"),
                  new AgentsParser()));

  private BuiltInCheckCatalog() {}

  /** The built-in check of that name; the name was validated against BuiltInChecks.NAMES. */
  static BuiltIn get(String name) {
    BuiltIn b = CHECKS.get(name);
    if (b == null) {
      throw new IllegalArgumentException("unknown built-in check " + name);
    }
    return b;
  }
}
