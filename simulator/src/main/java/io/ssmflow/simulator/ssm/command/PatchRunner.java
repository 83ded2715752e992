package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.fleet.Patch;
import io.ssmflow.simulator.sandbox.InstancePath;
import io.ssmflow.simulator.sandbox.SandboxFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated AWS-RunPatchBaseline: Scan reports the instance's missing patches without changing
 * anything; Install moves them to installed and records them inside the instance ({@code
 * /var/log/ssmflow-sim/patches.log}, {@code /var/lib/ssmflow-sim/installed-patches}).
 */
final class PatchRunner {
  static final String PATCH_LOG = "/var/log/ssmflow-sim/patches.log";
  static final String INSTALLED_LIST = "/var/lib/ssmflow-sim/installed-patches";

  /** The outcome before faults: exit code, output, and whether a reboot follows. */
  record Result(int exitCode, String stdout, String stderr, boolean reboot) {}

  private PatchRunner() {}

  static Result run(
      Instance instance, String commandId, RunDocument.PatchBaseline doc, FaultEffects faults)
      throws IOException {
    Instant start = Instant.now();
    if (doc.operation().equals("Scan")) {
      Result r =
          new Result(
              0,
              report(
                  instance, doc, start, List.of(), instance.pendingPatches(), "Scan", null, false),
              "",
              false);
      reported(instance, doc, start);
      return r;
    }
    if (faults.breaksExecution()) {
      instance.markPendingPatchesFailed();
      List<Patch> pending = instance.pendingPatches();
      Result r =
          new Result(
              1,
              report(
                  instance,
                  doc,
                  start,
                  List.of(),
                  pending,
                  "Install",
                  "Installation failed: no patch was installed.",
                  true),
              "",
              false);
      reported(instance, doc, start);
      return r;
    }
    List<Patch> installed = instance.installPendingPatches();
    record(instance, commandId, installed);
    reported(instance, doc, start);
    boolean reboot = !installed.isEmpty() && doc.rebootOption().equals("RebootIfNeeded");
    String rebootNote;
    if (installed.isEmpty()) {
      rebootNote = "No patches to install; no reboot needed.";
    } else if (reboot) {
      rebootNote = "RebootOption=RebootIfNeeded: rebooting to complete the installation.";
    } else {
      rebootNote =
          "RebootOption=NoReboot: a reboot is required to complete the installation"
              + " but was not performed (InstalledPendingReboot).";
    }
    return new Result(
        0,
        report(instance, doc, start, installed, List.of(), "Install", rebootNote, false),
        "",
        reboot);
  }

  /** The compliance data DescribeInstancePatchStates answers from now on. */
  private static void reported(Instance instance, RunDocument.PatchBaseline doc, Instant start) {
    instance.lastPatchOperation(
        new Instance.PatchOperation(
            doc.operation(), doc.snapshotId(), doc.rebootOption(), start, Instant.now()));
  }

  private static void record(Instance instance, String commandId, List<Patch> installed)
      throws IOException {
    if (installed.isEmpty()) {
      return;
    }
    Fleet.ensureSandbox(instance);
    StringBuilder lines = new StringBuilder();
    String now = Instant.now().toString();
    for (Patch p : installed) {
      lines
          .append(now)
          .append(" command=")
          .append(commandId)
          .append(" installed ")
          .append(p.id())
          .append(" classification=")
          .append(p.classification())
          .append(" severity=")
          .append(p.severity())
          .append(" title=\"")
          .append(p.title())
          .append("\"\n");
    }
    SandboxFiles files = instance.files();
    files.append(InstancePath.parse(PATCH_LOG), lines.toString().getBytes(StandardCharsets.UTF_8));
    StringBuilder ids = new StringBuilder();
    instance.installedPatches().forEach(p -> ids.append(p.id()).append('\n'));
    files.write(
        InstancePath.parse(INSTALLED_LIST), ids.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A compliance summary in the spirit of the agent's "Patch Summary" output. */
  private static String report(
      Instance instance,
      RunDocument.PatchBaseline doc,
      Instant start,
      List<Patch> justInstalled,
      List<Patch> missing,
      String operation,
      String note,
      boolean failed) {
    List<Patch> installed = instance.installedPatches();
    String group =
        instance.tags().getOrDefault("PatchGroup", instance.tags().getOrDefault("Patch Group", ""));
    StringBuilder b = new StringBuilder();
    b.append("Patch Summary for ").append(instance.id()).append('\n');
    line(b, "PatchGroup", group);
    line(
        b,
        "BaselineId",
        Ids.stable("pb", instance.platformName())
            + " (AWS-"
            + instance.platformName().replace(" ", "")
            + "DefaultPatchBaseline)");
    line(b, "SnapshotId", doc.snapshotId());
    line(b, "RebootOption", doc.rebootOption());
    line(b, "OperationType", operation);
    line(b, "OperationStartTime", start.toString());
    line(b, "OperationEndTime", Instant.now().toString());
    line(b, "InstalledCount", String.valueOf(installed.size()));
    line(b, "InstalledOtherCount", "0");
    line(
        b,
        "InstalledPendingRebootCount",
        String.valueOf(doc.rebootOption().equals("NoReboot") ? justInstalled.size() : 0));
    line(b, "InstalledRejectedCount", "0");
    line(b, "MissingCount", String.valueOf(missing.size()));
    line(b, "FailedCount", String.valueOf(failed ? missing.size() : 0));
    line(b, "NotApplicableCount", "0");
    if (!justInstalled.isEmpty()) {
      b.append("\nInstalled patches:\n");
      table(b, justInstalled);
    }
    if (!missing.isEmpty()) {
      b.append("\nMissing patches:\n");
      table(b, missing);
    }
    if (note != null) {
      b.append('\n').append(note).append('\n');
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append(String.format("%-28s: %s", key, value)).append('\n');
  }

  private static void table(StringBuilder b, List<Patch> patches) {
    List<String> rows = new ArrayList<>();
    for (Patch p : patches) {
      rows.add(
          String.format(
              "  %-24s %-16s %-10s %s", p.id(), p.classification(), p.severity(), p.title()));
    }
    rows.forEach(r -> b.append(r).append('\n'));
  }
}
