package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.simulator.TestSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssmflow audit} end to end on the embedded stack: shell-mode instances run the real check
 * commands; fault rules add an sshd_config line and a full filesystem to what they print. The
 * Markdown report and the JSON output are checked, then session hygiene.
 */
class AuditEndToEndTest {
  static final String FLEET =
      """
      instances:
        - name: app-1
          mode: shell
          tags: {Environment: audit}
          files: {/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent: "#!/bin/sh\\n"}
          faults:
            - match: 'sshd_config'
              stdout: 'PermitRootLogin yes'
        - name: app-2
          mode: shell
          tags: {Environment: audit}
          faults:
            - match: 'df -P'
              stdout: '/dev/nvme1n1 103080224 95830000 7250224 93% /data'
        - name: app-3
          mode: shell
          tags: {Environment: audit}
          pingStatus: ConnectionLost
      """;

  @TempDir static Path state;
  @TempDir Path dir;
  static DevStack stack;
  static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state, "default", "audit")
                .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded()));
    env = new HashMap<>(stack.exports());
    env.put("USER", "alice");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void auditWritesTheReportAndJson() throws Exception {
    Path report = dir.resolve("audit.md");
    Path checks = dir.resolve("checks.yaml");
    Files.writeString(
        checks,
        """
        checks:
          - name: hostname-marker
            command: echo "audited $INSTANCE_ID"
            recommendation: Nothing to do, this check shows custom rules.
            rules:
              - match: '^audited (i-[0-9a-f]+)$'
                severity: LOW
                message: custom check saw {1}
        """);
    CliRun run =
        CliRun.run(
            env,
            "audit",
            "--env",
            "audit",
            "--checks",
            checks.toString(),
            "--report",
            report.toString(),
            "--output",
            "json");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonNode doc = Json.MAPPER.readTree(run.out());
    assertThat(doc.get("workflowId").asText()).isEqualTo("audit-audit");
    JsonNode result = doc.get("result");
    assertThat(result.get("checkedCount").asInt()).isEqualTo(2);
    assertThat(result.at("/bySeverity/HIGH").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(result.at("/bySeverity/MEDIUM").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(result.at("/bySeverity/LOW").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(result.at("/byCheck/hostname-marker").asInt()).isEqualTo(2);
    assertThat(result.get("notChecked").toString()).contains("SSM agent ConnectionLost");
    assertThat(result.get("recommendations").toString())
        .contains("ssh-root-login", "disk-full", "monitoring-agent-missing", "Nothing to do");

    String md = Files.readString(report);
    assertThat(md)
        .startsWith("# Infrastructure audit `audit-audit`")
        .contains(
            "## Summary",
            "| Instances checked | 2 |",
            "### HIGH",
            "ssh-root-login",
            "filesystem /data (/dev/nvme1n1) is 93% full",
            "## Recommendations",
            "## Not checked",
            "SSM agent ConnectionLost",
            "custom check saw i-");

    CliRun status = CliRun.run(env, "status", "audit-audit");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("audit-audit: COMPLETED", "HIGH", "recommendations:");

    // The finding counts went to CloudWatch.
    try (AwsClients aws = AwsClients.fromEnvironment(env)) {
      for (String metric : new String[] {"FindingsHigh", "FindingsMedium", "FindingsLow"}) {
        assertThat(
                aws.cloudWatch()
                    .listMetrics(b -> b.namespace("ssmflow").metricName(metric))
                    .metrics())
            .as(metric)
            .singleElement()
            .satisfies(
                m ->
                    assertThat(m.dimensions())
                        .anySatisfy(d -> assertThat(d.value()).isEqualTo("audit")));
      }
    }
  }

  @Test
  void sessionHygieneTerminatesStaleSessionsAndRecordsTheOperator() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int minutes : new int[] {600, 30}) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(stack.simulator().endpoint() + "/_sim/sessions"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"target\": \"app-1\", \"owner\": \"arn:aws:iam::123456789012:user/bob\","
                              + " \"startedMinutesAgo\": "
                              + minutes
                              + "}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    }
    CliRun list = CliRun.run(env, "audit", "--sessions", "--max-session-age", "8h", "--wait");
    assertThat(list.exit()).as(list.out() + list.err()).isZero();
    assertThat(list.out())
        .contains("audit-sessions: 2 active sessions, 1 older than 8h," + " 0 terminated");

    CliRun kill =
        CliRun.run(
            env,
            "audit",
            "--sessions",
            "--max-session-age",
            "8h",
            "--terminate-stale",
            "--wait",
            "--output",
            "json");
    assertThat(kill.exit()).as(kill.out() + kill.err()).isZero();
    JsonNode result = Json.MAPPER.readTree(kill.out()).get("result");
    assertThat(result.get("terminated")).hasSize(1);
    assertThat(result.at("/terminated/0/terminatedBy").asText()).isEqualTo("alice");
    assertThat(result.at("/terminated/0/outcome").asText()).isEqualTo("terminated");

    CliRun after = CliRun.run(env, "audit", "--sessions", "--wait");
    assertThat(after.out()).contains("1 active sessions, 0 older than 8h");
  }
}
