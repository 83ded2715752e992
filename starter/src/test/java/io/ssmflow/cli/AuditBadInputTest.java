package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code audit}: exit code 2 and exactly one line on stderr, before anything is
 * contacted (the Temporal address points nowhere, so a late check would report that instead).
 */
class AuditBadInputTest {
  private static final Map<String, String> ENV =
      Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1", "USER", "tester");

  @TempDir Path dir;

  private static CliRun bad(String... args) {
    CliRun r = CliRun.run(ENV, args);
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.errLines()).as(r.err()).hasSize(1);
    assertThat(r.out()).isEmpty();
    return r;
  }

  @Test
  void badTargets() {
    assertThat(bad("audit", "--targets", "Environment=staging").err())
        .contains("--targets takes tag:KEY=VALUE");
    assertThat(bad("audit", "--instance-ids", "web-1").err()).contains("is not an instance id");
    assertThat(bad("audit", "--targets", "tag:A=b", "--patch-group", "G").err())
        .contains("give one of --targets, --instance-ids or --patch-group");
    assertThat(bad("audit").err()).contains("say what to audit");
    assertThat(bad("audit", "--env", "staging", "--max-concurrency", "0").err())
        .contains("max-concurrency must be at least 1");
    assertThat(bad("audit", "--env", "st aging").err()).contains("env");
  }

  @Test
  void badChecksYamlNamesFileAndLine() throws Exception {
    Path file = dir.resolve("checks.yaml");
    Files.writeString(
        file,
        """
        checks:
          - name: tmp-sticky
            command: stat -c '%a' /tmp
            rules:
              - match: '^777$'
                severity: CRITICAL
                message: sticky bit missing
        """);
    assertThat(bad("audit", "--env", "staging", "--checks", file.toString()).err())
        .contains(
            file
                + ":6: check 'tmp-sticky': severity must be HIGH, MEDIUM or LOW,"
                + " not 'CRITICAL'");

    Files.writeString(
        file,
        """
        checks:
          - name: tmp-sticky
            command: stat -c '%a' /tmp
            rules:
              - match: '([a-z'
                severity: LOW
                message: x
        """);
    assertThat(bad("audit", "--env", "staging", "--checks", file.toString()).err())
        .contains(file + ":5: check 'tmp-sticky': bad regex");

    Files.writeString(file, "checks:\n  - name: x\n    command: [true\n");
    assertThat(bad("audit", "--env", "staging", "--checks", file.toString()).err())
        .containsPattern(Path.of(file.toString()) + ":\\d+: not valid YAML");

    Files.writeString(file, "checks:\n  - name: ok\n    comand: true\n");
    assertThat(bad("audit", "--env", "staging", "--checks", file.toString()).err())
        .contains(file + ":3: unknown key 'comand' in a check");

    Files.writeString(file, "builtins: [ssh, antivirus]\nchecks: []\n");
    assertThat(bad("audit", "--env", "staging", "--checks", file.toString()).err())
        .contains(file + ":1: unknown built-in check 'antivirus'");

    assertThat(
            bad("audit", "--env", "staging", "--checks", dir.resolve("none.yaml").toString()).err())
        .contains(": no such file");
  }

  @Test
  void badSessionFlags() {
    assertThat(bad("audit", "--sessions", "--max-session-age", "8 hours").err())
        .contains("max-session-age must be a duration such as 30s, 5m or 1h, not '8 hours'");
    assertThat(bad("audit", "--sessions", "--max-session-age", "0s").err())
        .contains("max-session-age must be between 1m and 365d");
    assertThat(bad("audit", "--sessions", "--targets", "tag:A=b").err())
        .contains("--sessions audits every active session");
    assertThat(bad("audit", "--env", "staging", "--terminate-stale").err())
        .contains("--terminate-stale and --operator go with --sessions");
    CliRun noUser =
        CliRun.run(
            Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1"), "audit", "--sessions", "--terminate-stale");
    assertThat(noUser.exit()).isEqualTo(2);
    assertThat(noUser.err()).contains("give --operator NAME");
  }

  @Test
  void badReportPathAndTopic() {
    assertThat(
            bad(
                    "audit",
                    "--env",
                    "staging",
                    "--report",
                    dir.resolve("missing/report.md").toString())
                .err())
        .contains("does not exist");
    assertThat(bad("audit", "--env", "staging", "--topic", "audits").err())
        .contains("topic must be an SNS topic ARN");
  }
}
