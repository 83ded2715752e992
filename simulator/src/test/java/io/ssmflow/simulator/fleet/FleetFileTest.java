package io.ssmflow.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetFileTest {
  @Test
  void readsGroupsAndSingleInstances() {
    FleetFile.Contents c = FleetFile.parse("""
        instances:
          - count: 4
            namePrefix: web
            tags: {Application: shop, Environment: staging, PatchGroup: WebServers}
            mode: shell
          - count: 1000
            namePrefix: batch
            tags: {Application: batch, Environment: production}
            mode: simulated
            latency: 500ms-2s
          - name: db-1
            pingStatus: ConnectionLost
            pendingPatches:
              - {id: openssl, classification: Security, severity: Critical}
              - curl
            faults:
              - match: healthcheck
                exitCode: 1
                afterPatch: true
        """, "fleet.yaml");
    assertThat(c.instances()).hasSize(3);
    assertThat(c.instances().get(0).names()).containsExactly("web-1", "web-2", "web-3", "web-4");
    assertThat(c.instances().get(1).latency())
        .isEqualTo(new Latency(Duration.ofMillis(500), Duration.ofSeconds(2)));
    assertThat(c.instances().get(1).mode()).isEqualTo(ExecutionMode.SIMULATED);
    InstanceSpec db = c.instances().get(2);
    assertThat(db.pendingPatches()).extracting(Patch::id).containsExactly("openssl", "curl");
    assertThat(db.faults().get(0).afterPatch()).isTrue();
  }

  @Test
  void rejectsUnknownKeyWithFileAndLine() {
    assertThatThrownBy(() -> FleetFile.parse("""
        instances:
          - namePrefix: web
            cout: 4
        """, "fleet.yaml"))
        .isInstanceOf(FleetFileException.class)
        .hasMessageStartingWith("fleet.yaml:3: unknown key 'cout'");
  }

  @Test
  void rejectsBadYamlWithLine() {
    assertThatThrownBy(() -> FleetFile.parse("instances:\n  - name: [a\n", "f.yaml"))
        .isInstanceOf(FleetFileException.class)
        .hasMessageContaining("f.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> FleetFile.parse(
        "instances:\n  - namePrefix: web\n    mode: docker\n", "f.yaml"))
        .hasMessage("f.yaml:3: mode must be shell or simulated, not 'docker'");
    assertThatThrownBy(() -> FleetFile.parse(
        "instances:\n  - namePrefix: web\n    latency: fast\n", "f.yaml"))
        .hasMessageStartingWith("f.yaml:3: latency:");
    assertThatThrownBy(() -> FleetFile.parse(
        "instances:\n  - name: a\n  - name: a\n", "f.yaml"))
        .hasMessage("f.yaml:3: instance name 'a' appears twice");
    assertThatThrownBy(() -> FleetFile.parse(
        "instances:\n  - name: a\n    faults:\n      - match: x\n", "f.yaml"))
        .hasMessageContaining("a fault must do something");
  }
}
