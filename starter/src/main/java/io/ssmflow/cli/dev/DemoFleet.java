package io.ssmflow.cli.dev;

import static io.ssmflow.cli.dev.DemoCommand.APP;
import static io.ssmflow.cli.dev.DemoCommand.BROKEN_ID;
import static io.ssmflow.cli.dev.DemoCommand.ENV;
import static io.ssmflow.cli.dev.DemoCommand.HEALTHY;
import static io.ssmflow.cli.dev.DemoCommand.OFFLINE_ID;

/**
 * The demo's fleet: ten healthy shell-mode instances, one whose health check fails on 2.0.0
 * (a fault on the rendered health command), one whose SSM agent is offline. Ids are fixed so
 * that the healthy ones sort first and one of them is the canary.
 *
 * <p>For the audit, the built-in checks run for real in each sandbox; three instances print a
 * little more, as such a server would (fault rules append to stdout): shop-web-01's sshd_config
 * permits root login, shop-web-02 has a 93% full /data, shop-web-03 has a pending security
 * update. shop-web-04 to -10 have the CloudWatch agent installed (its binary under /opt); the
 * others miss it.
 */
public final class DemoFleet {
  static final String CLOUDWATCH_AGENT =
      "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent";

  private DemoFleet() {}

  public static String yaml() {
    StringBuilder b = new StringBuilder("instances:\n");
    String common = "    tags: {Application: " + APP + ", Environment: " + ENV + "}\n"
        + "    mode: shell\n";
    for (int n = 1; n <= HEALTHY; n++) {
      b.append(String.format("  - name: shop-web-%02d\n    id: i-0a0000000000000%02x\n", n, n))
          .append(common).append(auditFixtures(n));
    }
    b.append("  - name: shop-web-broken\n    id: ").append(BROKEN_ID).append('\n')
        .append(common)
        .append("    faults:\n")
        .append("      - match: 'healthy shop 2\\.0\\.0'\n")
        .append("        exitCode: 1\n")
        .append("        stderr: 'healthcheck failed: shop 2.0.0 does not answer on :8080'\n");
    b.append("  - name: shop-web-offline\n    id: ").append(OFFLINE_ID).append('\n')
        .append(common)
        .append("    pingStatus: ConnectionLost\n");
    return b.toString();
  }

  /** What makes the demo audit find one finding of each severity (see the class comment). */
  private static String auditFixtures(int n) {
    return switch (n) {
      case 1 -> "    faults:\n      - match: 'sshd_config'\n        stdout: 'PermitRootLogin yes'\n";
      case 2 -> "    faults:\n      - match: 'df -P'\n"
          + "        stdout: '/dev/nvme1n1 103080224 95830000 7250224 93% /data'\n";
      case 3 -> "    faults:\n      - match: 'apt list --upgradable'\n"
          + "        stdout: 'openssl/bookworm-security 3.0.15-1~deb12u1 amd64"
          + " [upgradable from: 3.0.14-1~deb12u2]'\n";
      default -> "    files: {" + CLOUDWATCH_AGENT + ": \"#!/bin/sh\\n\"}\n";
    };
  }
}
