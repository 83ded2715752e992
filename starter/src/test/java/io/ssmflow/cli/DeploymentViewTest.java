package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.deploy.DeploymentView;
import io.ssmflow.workflows.deploy.DeploymentProgress;
import io.ssmflow.workflows.deploy.InstanceProgress;
import io.ssmflow.workflows.deploy.InstanceState;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentViewTest {
  static final DeploymentProgress P = new DeploymentProgress("rolling-out", "wave 2", false, 10,
      5, 1, 2, 2, 1, 0, List.of(new InstanceProgress("i-0123456789abcdef0",
          InstanceState.FAILED, "health", "exit 1\nhealthcheck failed")));

  @Test
  void barShowsDoneFailedInFlightAndSkippedOfTotal() {
    String bar = DeploymentView.bar(P);
    assertThat(bar).startsWith("[" + "#".repeat(15) + "x".repeat(3) + ">".repeat(6)
        + ".".repeat(6) + "]");
    assertThat(bar).contains("5/10 done, 1 failed, 2 in flight, 1 skipped").endsWith(
        "rolling-out");
  }

  @Test
  void plainLineAndTable() {
    assertThat(DeploymentView.line(P)).isEqualTo("rolling-out: wave 2 | 5/10 done, 1 failed,"
        + " 2 in flight, 1 skipped");
    assertThat(DeploymentView.table(P.instances())).contains("i-0123456789abcdef0")
        .contains("FAILED").contains("exit 1 | healthcheck failed");
  }
}
