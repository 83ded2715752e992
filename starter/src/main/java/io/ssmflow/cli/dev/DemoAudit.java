package io.ssmflow.cli.dev;

import io.ssmflow.cli.audit.AuditCommand;
import io.ssmflow.workflows.audit.AuditIds;
import io.ssmflow.workflows.audit.AuditResult;
import io.ssmflow.workflows.audit.Severity;
import io.ssmflow.workflows.fleet.TargetSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo's fleet audit: {@code ssmflow audit --env staging --report FILE.md} with the built-in
 * checks on the demo fleet (see {@link DemoFleet}), then checks that it found at least one finding
 * of each severity, listed the offline instance as not checked, and wrote the report.
 */
final class DemoAudit {
  private DemoAudit() {}

  static void run(PrintWriter out, Map<String, String> env, DevStack stack, List<String> failures)
      throws IOException {
    out.println("\n== audit the fleet (built-in checks, MaxConcurrency 100%)");
    out.flush();
    Path report = Files.createTempFile("ssmflow-demo-audit-", ".md");
    int code =
        DemoCommand.run(
            out,
            env,
            new AuditCommand(),
            List.of(
                "--env",
                DemoCommand.ENV,
                "--max-concurrency",
                "100%",
                "--report",
                report.toString()));
    check(out, failures, code == 0, "audit exits 0: findings are its result (got " + code + ")");
    if (code != 0) {
      return;
    }
    AuditResult r =
        DemoCommand.result(
            stack,
            AuditResult.class,
            AuditIds.workflowId(
                TargetSpec.ofTags(Map.of("Environment", DemoCommand.ENV)), DemoCommand.ENV));
    for (Severity s : Severity.values()) {
      check(
          out,
          failures,
          r.count(s) >= 1,
          "at least one " + s + " finding (got " + r.count(s) + ")");
    }
    // shop-web-03's pending security update and shop-web-02's full /data do not depend on the
    // host (the sandbox's /etc is the host's: a host sshd_config that sets PermitRootLogin no
    // first would hide shop-web-01's finding, as sshd itself would ignore the later line).
    check(
        out,
        failures,
        r.instances().stream()
            .anyMatch(
                a ->
                    a.findings().stream()
                        .anyMatch(
                            f ->
                                f.type().equals("updates-pending")
                                    && f.severity() == Severity.HIGH)),
        "shop-web-03's pending security update found (HIGH)");
    check(
        out,
        failures,
        r.notChecked().stream().anyMatch(s -> s.instanceId().equals(DemoCommand.OFFLINE_ID)),
        DemoCommand.OFFLINE_ID + " listed as not checked");
    String md = Files.readString(report);
    check(
        out,
        failures,
        md.contains("## Summary")
            && md.contains("## Recommendations")
            && md.contains("## Not checked")
            && md.contains("1 update pending (1 security)")
            && md.contains("is 93% full"),
        "report "
            + report
            + " has summary, findings,"
            + " recommendations and not-checked instances");
  }

  private static void check(PrintWriter out, List<String> failures, boolean ok, String what) {
    out.println("  " + (ok ? "ok    " : "FAILED") + " " + what);
    if (!ok) {
      failures.add(what);
    }
  }
}
