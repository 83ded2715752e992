package io.ssmflow.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.audit.AuditCheck;
import io.ssmflow.workflows.audit.CheckRule;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.RuleKind;
import io.ssmflow.workflows.audit.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Custom YAML checks' rules. */
class CustomRuleParserTest {
  private static AuditCheck check(CheckRule... rules) {
    return new AuditCheck(
        "world-writable",
        false,
        List.of("find /srv -perm -0002 -type f"),
        0,
        List.of(rules),
        "Remove world write permission.");
  }

  @Test
  void matchGivesOneFindingPerLineWithGroups() {
    AuditCheck c =
        check(
            new CheckRule(
                RuleKind.MATCH,
                "^(?<path>/srv/\\S+)$",
                Severity.MEDIUM,
                null,
                "world-writable file {path}"));
    List<Finding> f = new CustomRuleParser(c).parse(CheckOutput.of("/srv/a\n/srv/b\nnoise\n"));
    assertThat(f)
        .extracting(Finding::message)
        .containsExactly("world-writable file /srv/a", "world-writable file /srv/b");
    assertThat(f)
        .allMatch(
            x ->
                x.type().equals("world-writable")
                    && x.check().equals("world-writable")
                    && x.severity() == Severity.MEDIUM);
  }

  @Test
  void absentAndExitCodeRules() {
    AuditCheck c =
        check(
            new CheckRule(
                RuleKind.ABSENT,
                "^ntp: synchronized$",
                Severity.LOW,
                "clock-unsynced",
                "clock not synchronised"),
            new CheckRule(
                RuleKind.EXIT_NONZERO,
                null,
                Severity.HIGH,
                null,
                "probe exited {exitCode}: {line}"));
    assertThat(new CustomRuleParser(c).parse(new CheckOutput("ntp: no\n", "", 3, false)))
        .extracting(Finding::type, Finding::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("clock-unsynced", "clock not synchronised"),
            org.assertj.core.groups.Tuple.tuple("world-writable", "probe exited 3:"));
    assertThat(new CustomRuleParser(c).parse(CheckOutput.of("ntp: synchronized\n"))).isEmpty();
  }

  @Test
  void matchFindingsAreCappedPerRule() {
    AuditCheck c = check(new CheckRule(RuleKind.MATCH, "x", Severity.LOW, null, "{line}"));
    String out = "x\n".repeat(100);
    assertThat(new CustomRuleParser(c).parse(CheckOutput.of(out)))
        .hasSize(CustomRuleParser.MAX_FINDINGS_PER_RULE);
  }
}
