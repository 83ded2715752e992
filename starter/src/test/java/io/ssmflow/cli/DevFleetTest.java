package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.fleet.FleetFile;
import io.ssmflow.simulator.fleet.InstanceSpec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default fleet of {@code ssmflow dev} is a valid fleet file that `patch` can target. */
class DevFleetTest {
  @Test
  void everyInstanceIsInAPatchGroupWithPendingPatches() throws Exception {
    String yaml;
    try (InputStream in = DevFleetTest.class.getResourceAsStream("/dev-fleet.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<InstanceSpec> instances = FleetFile.parse(yaml, "dev-fleet.yaml").instances();
    assertThat(instances.stream().mapToInt(InstanceSpec::count).sum()).isEqualTo(10);
    assertThat(instances)
        .allSatisfy(
            i -> {
              assertThat(i.tags().get("PatchGroup"))
                  .isEqualTo("shop-" + i.tags().get("Environment"));
              assertThat(i.pendingPatches()).extracting(p -> p.id()).contains("openssl-3.0.13");
            });
  }
}
