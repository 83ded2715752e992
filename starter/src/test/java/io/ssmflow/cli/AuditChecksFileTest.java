package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.audit.ChecksFile;
import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.CheckRule;
import io.ssmflow.workflows.audit.RuleKind;
import io.ssmflow.workflows.audit.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The custom checks file: the example in docs/audit.md is valid and reads as documented. */
class AuditChecksFileTest {
  @TempDir Path dir;

  @Test
  void documentedExampleParses() throws Exception {
    String doc = Files.readString(Path.of("../docs/audit.md"));
    Matcher m = Pattern.compile("```yaml\\n(builtins:.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("docs/audit.md has the checks example").isTrue();
    Path file = dir.resolve("checks.yaml");
    Files.writeString(file, m.group(1));

    List<AuditCheck> checks = ChecksFile.read(file);
    assertThat(checks).extracting(AuditCheck::name).containsExactly("ssh", "disk", "tmp-sticky");
    AuditCheck custom = checks.get(2);
    assertThat(custom.builtIn()).isFalse();
    assertThat(custom.commands()).containsExactly("stat -c '%a' /tmp");
    assertThat(custom.timeoutSeconds()).isEqualTo(30);
    assertThat(custom.recommendation()).isEqualTo("chmod 1777 /tmp");
    assertThat(custom.rules())
        .containsExactly(
            new CheckRule(
                RuleKind.MATCH,
                "^(?<mode>777)$",
                Severity.MEDIUM,
                "tmp-no-sticky",
                "/tmp is {mode} without the sticky bit"),
            new CheckRule(
                RuleKind.EXIT_NONZERO, null, Severity.LOW, null, "stat failed ({exitCode})"));
  }

  @Test
  void withoutBuiltinsKeyEveryBuiltInRunsToo() throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(
        file,
        """
        checks:
          - name: ntp
            command:
              - chronyc tracking
              - echo done
            rules:
              - absent: '^Leap status\\s*:\\s*Normal'
                severity: LOW
                message: clock not synchronised
        """);
    List<AuditCheck> checks = ChecksFile.read(file);
    assertThat(checks).hasSize(7);
    assertThat(checks.get(6).commands()).containsExactly("chronyc tracking", "echo done");
    assertThat(checks.get(6).rules().get(0).kind()).isEqualTo(RuleKind.ABSENT);
  }
}
