package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.patch.PatchCommand;
import io.ssmflow.cli.patch.PatchView;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.patch.ComplianceReport;
import io.ssmflow.workflows.patch.InstancePatchResult;
import io.ssmflow.workflows.patch.MissingPatch;
import io.ssmflow.workflows.patch.PatchInstanceState;
import io.ssmflow.workflows.patch.PatchOperation;
import io.ssmflow.workflows.patch.PatchOutcome;
import io.ssmflow.workflows.patch.PatchProgress;
import io.ssmflow.workflows.patch.PatchResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering of patch progress and results, and the exit code of a result. */
class PatchViewTest {
  static final String A = "i-0a000000000000001";
  static final String B = "i-0a000000000000002";
  static final String C = "i-0a000000000000003";
  static final String D = "i-0a000000000000004";

  @Test
  void barAndLineShowDoneFailedInFlightAndSkipped() {
    PatchProgress p =
        new PatchProgress("installing", "2 of 10 batches", 10, 3, 2, 4, 1, 0, List.of());
    assertThat(PatchView.bar(p))
        .startsWith("[" + "#".repeat(12) + "x".repeat(3) + ">".repeat(6) + ".".repeat(9) + "]")
        .contains("4/10 done, 1 failed, 2 in flight, 0 skipped")
        .endsWith("installing");
    assertThat(PatchView.line(p))
        .isEqualTo(
            "installing: 2 of 10 batches | 4/10 done, 1 failed," + " 2 in flight, 0 skipped");
  }

  @Test
  void installResultTableNamesEveryOutcome() {
    PatchResult r =
        new PatchResult(
            PatchOutcome.ROLLBACK_FAILED,
            "1 restore failed",
            PatchOperation.INSTALL,
            "5b3c2e0a-0000-4000-8000-000000000001",
            4,
            0,
            1,
            1,
            1,
            0,
            List.of(new SkippedInstance(D, "SSM agent ConnectionLost")),
            List.of(
                new InstancePatchResult(
                    A, PatchInstanceState.PATCHED, null, List.of("snap-01"), null),
                new InstancePatchResult(
                    B,
                    PatchInstanceState.ROLLED_BACK,
                    "validation failed:\nexit 1",
                    List.of("snap-02"),
                    null),
                new InstancePatchResult(
                    C,
                    PatchInstanceState.ROLLBACK_FAILED,
                    "restore failed",
                    List.of("snap-03"),
                    null)),
            "patch-install-web-staging/snapshot-retention",
            1_700_000_000_000L,
            42);
    String text = PatchView.result("patch-install-web-staging", r);
    assertThat(text)
        .startsWith("patch-install-web-staging: ROLLBACK_FAILED - 1 restore failed\n")
        .contains("1/4 patched, 1 rolled back, 1 rollback failed, 1 skipped, 42 s")
        .contains("baseline 5b3c2e0a-0000-4000-8000-000000000001")
        .contains(
            "snapshots deleted at 2023-11-14T22:13:20Z by"
                + " patch-install-web-staging/snapshot-retention");
    assertThat(row(text, A)).contains("Patched").contains("pre-patch snapshot snap-01");
    assertThat(row(text, B))
        .contains("RolledBack")
        .contains("restored from snap-02; validation failed: exit 1");
    assertThat(row(text, C)).contains("RollbackFailed").contains("restore failed");
    assertThat(row(text, D)).contains("Skipped").contains("SSM agent ConnectionLost");

    StringWriter err = new StringWriter();
    int code = PatchCommand.exitCode("patch-install-web-staging", r, new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("ROLLBACK FAILED on " + C + " (snapshot snap-03)");
  }

  @Test
  void scanResultShowsMissingPatchCounts() {
    ComplianceReport report =
        new ComplianceReport(
            12,
            4,
            0,
            List.of(
                new MissingPatch("openssl-3.0.13", "openssl", "Security", "Critical", "Missing"),
                new MissingPatch("curl-8.5.0", "curl", "Security", "Important", "Missing"),
                new MissingPatch("bash-5.2.21", "bash", "Bugfix", "Medium", "Missing"),
                new MissingPatch("tzdata-2024a", "tzdata", "Bugfix", "", "Missing")));
    PatchResult r =
        new PatchResult(
            PatchOutcome.SUCCEEDED,
            "1 scanned",
            PatchOperation.SCAN,
            null,
            1,
            1,
            0,
            0,
            0,
            0,
            List.of(),
            List.of(
                new InstancePatchResult(A, PatchInstanceState.SCANNED, null, List.of(), report)),
            null,
            0,
            3);
    String text = PatchView.result("patch-scan-web-staging", r);
    assertThat(text)
        .contains("1/1 scanned, 0 failed, 0 skipped, 3 s")
        .doesNotContain("baseline")
        .doesNotContain("snapshots");
    assertThat(row(text, A))
        .contains("Scanned")
        .contains(
            "4 missing, 0 failed, 12 installed:"
                + " openssl-3.0.13 (Critical), curl-8.5.0 (Important), bash-5.2.21 (Medium) +1 more");
    StringWriter err = new StringWriter();
    assertThat(PatchCommand.exitCode("x", r, new PrintWriter(err, true))).isZero();
    assertThat(err.toString()).isEmpty();
  }

  private static String row(String text, String instanceId) {
    return text.lines()
        .filter(l -> l.startsWith(instanceId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(instanceId + " not in\n" + text));
  }
}
