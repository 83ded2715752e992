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
 */
public final class DemoFleet {
  private DemoFleet() {}

  public static String yaml() {
    StringBuilder b = new StringBuilder("instances:\n");
    String common = "    tags: {Application: " + APP + ", Environment: " + ENV + "}\n"
        + "    mode: shell\n";
    for (int n = 1; n <= HEALTHY; n++) {
      b.append(String.format("  - name: shop-web-%02d\n    id: i-0a0000000000000%02x\n", n, n))
          .append(common);
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
}
