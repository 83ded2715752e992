package io.ssmflow.cli.dev;

import static io.ssmflow.cli.dev.DemoCommand.APP;
import static io.ssmflow.cli.dev.DemoCommand.BROKEN_ID;
import static io.ssmflow.cli.dev.DemoCommand.ENV;
import static io.ssmflow.cli.dev.DemoCommand.HEALTHY;
import static io.ssmflow.cli.dev.DemoCommand.OFFLINE_ID;
import static io.ssmflow.cli.dev.DemoCommand.PATCH_BROKEN_ID;
import static io.ssmflow.cli.dev.DemoCommand.PATCH_CHECK;
import static io.ssmflow.cli.dev.DemoCommand.PATCH_GROUP;

/**
 * The demo's fleet: ten healthy shell-mode instances, one whose health check fails on 2.0.0 (a
 * fault on the rendered health command), one whose SSM agent is offline. Ids are fixed so that the
 * healthy ones sort first and one of them is the canary. Every instance is in patch group {@link
 * DemoCommand#PATCH_GROUP} with {@link #PENDING_PATCHES} pending; one of the healthy ones ({@link
 * DemoCommand#PATCH_BROKEN_ID}) fails its post-patch validation once it has installed patches.
 *
 * <p>For the audit, the built-in checks run for real in each sandbox; three instances print a
 * little more, as such a server would (fault rules append to stdout): shop-web-01's sshd_config
 * permits root login, shop-web-02 has a 93% full /data, shop-web-03 has a pending security update.
 * shop-web-04 to -10 have the CloudWatch agent installed (its binary under /opt); the others miss
 * it.
 */
public final class DemoFleet {
  static final String CLOUDWATCH_AGENT =
      "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent";

  /** The patches every demo instance lacks (id, classification, severity). */
  static final String[][] PENDING_PATCHES = {
    {"openssl-3.0.13", "Security", "Critical"},
    {"curl-8.5.0", "Security", "Important"},
    {"tzdata-2024a", "Bugfix", "Low"}
  };

  private DemoFleet() {}

  public static String yaml() {
    StringBuilder b = new StringBuilder("instances:\n");
    StringBuilder patches = new StringBuilder("    pendingPatches:\n");
    for (String[] p : PENDING_PATCHES) {
      patches
          .append("      - {id: ")
          .append(p[0])
          .append(", classification: ")
          .append(p[1])
          .append(", severity: ")
          .append(p[2])
          .append("}\n");
    }
    String common =
        "    tags: {Application: "
            + APP
            + ", Environment: "
            + ENV
            + ", PatchGroup: "
            + PATCH_GROUP
            + "}\n    mode: shell\n"
            + patches;
    for (int n = 1; n <= HEALTHY; n++) {
      String id = healthyId(n);
      b.append(String.format("  - name: shop-web-%02d\n    id: %s\n", n, id)).append(common);
      String faults = auditFaults(n);
      if (id.equals(PATCH_BROKEN_ID)) {
        // Fires on the first validation after the install only: the one after the restore
        // passes, as the restored (pre-patch) system does.
        faults +=
            "      - match: '"
                + PATCH_CHECK
                + "'\n"
                + "        afterPatch: true\n"
                + "        times: 1\n"
                + "        exitCode: 1\n"
                + "        stderr: 'shop does not start after patching: libssl mismatch'\n";
      }
      if (!faults.isEmpty()) {
        b.append("    faults:\n").append(faults);
      }
      if (n > 3) {
        b.append("    files: {" + CLOUDWATCH_AGENT + ": \"#!/bin/sh\\n\"}\n");
      }
    }
    b.append("  - name: shop-web-broken\n    id: ")
        .append(BROKEN_ID)
        .append('\n')
        .append(common)
        .append("    faults:\n")
        .append("      - match: 'healthy shop 2\\.0\\.0'\n")
        .append("        exitCode: 1\n")
        .append("        stderr: 'healthcheck failed: shop 2.0.0 does not answer on :8080'\n");
    b.append("  - name: shop-web-offline\n    id: ")
        .append(OFFLINE_ID)
        .append('\n')
        .append(common)
        .append("    pingStatus: ConnectionLost\n");
    return b.toString();
  }

  /** What makes the demo audit find one finding of each severity (see the class comment). */
  private static String auditFaults(int n) {
    return switch (n) {
      case 1 -> "      - match: 'sshd_config'\n        stdout: 'PermitRootLogin yes'\n";
      case 2 ->
          "      - match: 'df -P'\n"
              + "        stdout: '/dev/nvme1n1 103080224 95830000 7250224 93% /data'\n";
      case 3 ->
          "      - match: 'apt list --upgradable'\n"
              + "        stdout: 'openssl/bookworm-security 3.0.15-1~deb12u1 amd64"
              + " [upgradable from: 3.0.14-1~deb12u2]'\n";
      default -> "";
    };
  }

  /** The id of healthy instance {@code n} (1-based). */
  static String healthyId(int n) {
    return String.format("i-0a0000000000000%02x", n);
  }
}
