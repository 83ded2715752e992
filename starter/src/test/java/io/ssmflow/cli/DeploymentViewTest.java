package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.deploy.DeploymentView;
import io.ssmflow.workflows.deploy.DeploymentProgress;
import io.ssmflow.workflows.deploy.InstanceProgress;
import io.ssmflow.workflows.deploy.InstanceState;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentViewTest {
  static final DeploymentProgress P =
      new DeploymentProgress(
          "rolling-out",
          "wave 2",
          false,
          10,
          5,
          1,
          2,
          2,
          1,
          0,
          List.of(
              new InstanceProgress(
                  "i-0123456789abcdef0",
                  InstanceState.FAILED,
                  "health",
                  "exit 1\nhealthcheck failed")));

  @Test
  void barShowsDoneFailedInFlightAndSkippedOfTotal() {
    String bar = DeploymentView.bar(P);
    assertThat(bar)
        .startsWith("[" + "#".repeat(15) + "x".repeat(3) + ">".repeat(6) + ".".repeat(6) + "]");
    assertThat(bar).contains("5/10 done, 1 failed, 2 in flight, 1 skipped").endsWith("rolling-out");
  }

  @Test
  void plainLineAndTable() {
    assertThat(DeploymentView.line(P))
        .isEqualTo("rolling-out: wave 2 | 5/10 done, 1 failed," + " 2 in flight, 1 skipped");
    assertThat(DeploymentView.table(P.instances()))
        .contains("i-0123456789abcdef0")
        .contains("FAILED")
        .contains("exit 1 | healthcheck failed");
  }

  @Test
  void reasonsAreShownWholeWithoutSsmBanners() {
    String cause =
        "health failed (exit 1) after 5 attempts: UNHEALTHY load: 9.98 on 2 cores"
            + " (limit 2); the service answered 503 on /health after 3 attempts and a long tail"
            + " of text that goes on well past one hundred and twenty characters";
    InstanceProgress i =
        new InstanceProgress(
            "i-0123456789abcdef0",
            InstanceState.ROLLED_BACK,
            "health",
            cause
                + "\n----------ERROR-------\ncurl: (22) error 503\n"
                + "---Output truncated---\n");
    String table = DeploymentView.table(List.of(i));
    assertThat(table)
        .contains(cause + " | curl: (22) error 503")
        .doesNotContain("-----")
        .doesNotContain("truncated")
        .doesNotContain("...");
    assertThat(Reasons.oneLine("exit 1:\n----------ERROR-------\nboom")).isEqualTo("exit 1: boom");
    assertThat(Reasons.oneLine(null)).isEmpty();
    assertThat(Reasons.fullOutputHint("deploy-shop-staging-2.0.0", "i-0123456789abcdef0"))
        .isEqualTo(
            "full command output of an instance: ssmflow status"
                + " deploy-shop-staging-2.0.0 --instance i-0123456789abcdef0\n");
  }
}
