package io.ssmflow.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in parsers against real sample outputs (src/test/resources/audit). */
class CheckParsersTest {

  static String sample(String name) {
    try (InputStream in = CheckParsersTest.class.getResourceAsStream("/audit/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Finding> parse(CheckParser parser, String stdout) throws CheckFailed {
    return parser.parse(CheckOutput.of(stdout));
  }

  @Test
  void debianDefaultSshdConfigIsClean() throws CheckFailed {
    String out =
        "# ssmflow-source: /etc/ssh/sshd_config\n" + sample("sshd_config-debian12-default");
    assertThat(parse(new SshConfigParser(), out)).isEmpty();
  }

  @Test
  void rootLoginAndPasswordsAreHighFindings() throws CheckFailed {
    List<Finding> f =
        parse(new SshConfigParser(), sample("sshd_config-debian12-root-and-passwords"));
    assertThat(f).extracting(Finding::type).containsExactly("ssh-root-login", "ssh-password-auth");
    assertThat(f).allMatch(x -> x.severity() == Severity.HIGH && x.check().equals("ssh"));
  }

  @Test
  void sshdFirstValueWinsAndMatchBlocksAreNotGlobal() throws CheckFailed {
    String config =
        "PermitRootLogin no\nPermitRootLogin yes\n"
            + "Match Address 10.0.0.0/8\n  PasswordAuthentication yes\n";
    assertThat(parse(new SshConfigParser(), config)).isEmpty();
  }

  @Test
  void sshdDashTOutputIsLowerCase() throws CheckFailed {
    String effective =
        "# ssmflow-source: sshd -T\nport 22\naddressfamily any\n"
            + "permitrootlogin yes\npasswordauthentication no\nkbdinteractiveauthentication no\n";
    assertThat(parse(new SshConfigParser(), effective))
        .extracting(Finding::type)
        .containsExactly("ssh-root-login");
  }

  @Test
  void noSshdConfigIsNoVerdict() {
    assertThatThrownBy(() -> parse(new SshConfigParser(), "# ssmflow-source: none\n"))
        .isInstanceOf(CheckFailed.class)
        .hasMessageContaining("no sshd configuration");
  }

  @Test
  void realDfOutputsOfAHealthyHostGiveNoFinding() throws CheckFailed {
    assertThat(parse(new DiskUsageParser(), sample("df-h-debian12.txt"))).isEmpty();
    assertThat(parse(new DiskUsageParser(), sample("df-P-debian12.txt"))).isEmpty();
  }

  @Test
  void fullFilesystemsAreFoundAndSnapLoopsIgnored() throws CheckFailed {
    List<Finding> f = parse(new DiskUsageParser(), sample("df-h-lvm-var-full.txt"));
    assertThat(f)
        .extracting(Finding::message)
        .containsExactly(
            "filesystem /var/log/audit (/dev/mapper/vg_data-lv_var_log_audit) is 95% full",
            "filesystem /data (/dev/nvme1n1) is 99% full");
    assertThat(f).extracting(Finding::severity).containsExactly(Severity.MEDIUM, Severity.HIGH);
  }

  @Test
  void dfPosixRowAtNinetyPercentIsMedium() throws CheckFailed {
    String out =
        sample("df-P-debian12.txt") + "/dev/nvme1n1 103080224 92772201 10308023 90% /data\n";
    assertThat(parse(new DiskUsageParser(), out))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.MEDIUM));
  }

  @Test
  void loadAboveTheCoreCount() throws CheckFailed {
    List<Finding> f = parse(new LoadParser(), sample("uptime-loaded-debian12.txt"));
    assertThat(f)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.type()).isEqualTo("load-high");
              assertThat(x.severity()).isEqualTo(Severity.HIGH); // 6.35 > 2 x 2 cores
              assertThat(x.message()).startsWith("5-minute load average 6.35 above 2 cores");
            });
    assertThat(parse(new LoadParser(), sample("uptime-idle-al2.txt"))).isEmpty();
  }

  @Test
  void loadWithCommaDecimalsAndBsdWording() throws CheckFailed {
    String out = "10:01  up 3 days, 2 users, load averages: 3,10 2,50 2,20\ncores: 2\n";
    assertThat(parse(new LoadParser(), out))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.MEDIUM));
    assertThatThrownBy(() -> parse(new LoadParser(), " 10:01 up 3 days\ncores: 2\n"))
        .isInstanceOf(CheckFailed.class);
  }

  @Test
  void aptUpgradableWithSecurityUpdatesIsHigh() throws CheckFailed {
    String out = "# ssmflow-source: apt\n" + sample("apt-list-upgradable-debian12.txt");
    assertThat(parse(new PendingUpdatesParser(), out))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.HIGH);
              assertThat(x.message())
                  .startsWith(
                      "136 updates pending (81 security): appstream, "
                          + "apt-transport-https, apt,");
            });
  }

  @Test
  void yumListUpdatesIsMedium() throws CheckFailed {
    String out = "# ssmflow-source: yum\n" + sample("yum-list-updates-centos7.txt");
    assertThat(parse(new PendingUpdatesParser(), out))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(x.message())
                  .isEqualTo(
                      "9 updates pending: bind-export-libs, ca-certificates,"
                          + " curl, kernel, libcurl, ...");
            });
  }

  @Test
  void dnfCheckUpdateSkipsObsoletingSection() throws CheckFailed {
    String out = "# ssmflow-source: dnf\n" + sample("dnf-check-update-al2023.txt");
    assertThat(parse(new PendingUpdatesParser(), out))
        .singleElement()
        .satisfies(x -> assertThat(x.message()).startsWith("4 updates pending"));
  }

  @Test
  void noPendingUpdatesAndTruncatedOutput() throws CheckFailed {
    assertThat(parse(new PendingUpdatesParser(), "# ssmflow-source: apt\nListing...\n")).isEmpty();
    CheckOutput cut =
        new CheckOutput(
            "# ssmflow-source: apt\n" + sample("apt-list-upgradable-debian12.txt"), "", 0, true);
    assertThat(new PendingUpdatesParser().parse(cut).get(0).message())
        .startsWith("at least 136 updates pending");
  }

  @Test
  void emptyOutputIsNoVerdict() {
    // E.g. an instance that printed nothing: no finding may be invented from silence.
    for (CheckParser p :
        List.of(
            new SshConfigParser(),
            new FirewallParser(),
            new DiskUsageParser(),
            new LoadParser(),
            new PendingUpdatesParser(),
            new AgentsParser())) {
      assertThatThrownBy(() -> parse(p, ""))
          .as(p.getClass().getSimpleName())
          .isInstanceOf(CheckFailed.class);
    }
  }

  @Test
  void firewallVerdicts() throws CheckFailed {
    CheckParser p =
        output ->
            new FirewallParser()
                .parse(
                    new CheckOutput(
                        FirewallParser.PROBE_MARKER + "\n" + output.stdout(),
                        output.stderr(),
                        output.exitCode(),
                        output.truncated()));
    assertThat(parse(p, "ufw: Status: active\n")).isEmpty();
    assertThat(parse(p, "firewalld: running\n")).isEmpty();
    assertThat(parse(p, "iptables: rc=0 rules=0 policy=DROP\n")).isEmpty();
    assertThat(parse(p, "nft: rc=0 rules=14\n")).isEmpty();
    assertThat(parse(p, "ufw: Status: inactive\niptables: rc=0 rules=0 policy=ACCEPT\n"))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(x.message()).contains("ufw, iptables without rules or inactive");
            });
    assertThat(parse(p, ""))
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("no firewall tool installed"));
    assertThatThrownBy(() -> parse(new FirewallParser(), "ufw: Status: inactive\n"))
        .isInstanceOf(CheckFailed.class);
    assertThatThrownBy(
            () ->
                parse(
                    p,
                    "ufw: ERROR: You need to be root to run this script\n"
                        + "iptables: rc=4 rules=0 policy=\n"))
        .isInstanceOf(CheckFailed.class)
        .hasMessageContaining("must run as root");
  }

  @Test
  void agentVerdicts() throws CheckFailed {
    AgentsParser p = new AgentsParser();
    assertThat(parse(p, "amazon-cloudwatch-agent: installed active\nclamav: installed\n"))
        .isEmpty();
    assertThat(parse(p, "amazon-cloudwatch-agent: installed \nclamav: installed\n")).isEmpty();
    assertThat(parse(p, "amazon-cloudwatch-agent: missing\nclamav: missing\n"))
        .extracting(Finding::type, Finding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("monitoring-agent-missing", Severity.LOW),
            org.assertj.core.groups.Tuple.tuple("antivirus-missing", Severity.LOW));
    assertThat(parse(p, "amazon-cloudwatch-agent: installed inactive\nclamav: installed\n"))
        .extracting(Finding::type)
        .containsExactly("monitoring-agent-stopped");
    assertThatThrownBy(() -> parse(p, "")).isInstanceOf(CheckFailed.class);
  }
}
