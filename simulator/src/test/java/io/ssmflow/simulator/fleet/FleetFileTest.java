package io.ssmflow.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetFileTest {
  @Test
  void readsGroupsAndSingleInstances() {
    FleetFile.Contents c =
        FleetFile.parse(
            """
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
        """,
            "fleet.yaml");
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
    assertThatThrownBy(
            () ->
                FleetFile.parse(
                    """
        instances:
          - namePrefix: web
            cout: 4
        """,
                    "fleet.yaml"))
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
    assertThatThrownBy(
            () -> FleetFile.parse("instances:\n  - namePrefix: web\n    mode: docker\n", "f.yaml"))
        .hasMessage("f.yaml:3: mode must be shell or simulated, not 'docker'");
    assertThatThrownBy(
            () -> FleetFile.parse("instances:\n  - namePrefix: web\n    latency: fast\n", "f.yaml"))
        .hasMessageStartingWith("f.yaml:3: latency:");
    assertThatThrownBy(() -> FleetFile.parse("instances:\n  - name: a\n  - name: a\n", "f.yaml"))
        .hasMessage("f.yaml:3: instance name 'a' appears twice");
    assertThatThrownBy(
            () ->
                FleetFile.parse(
                    "instances:\n  - name: a\n    faults:\n      - match: x\n", "f.yaml"))
        .hasMessageContaining("a fault must do something");
  }

  @Test
  void refusesAFileOverOneMegabyteBeforeReadingItAndBinaryContent(@TempDir Path dir)
      throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "instances:\n  - name: " + "a".repeat(FleetFile.MAX_BYTES) + "\n");
    assertThatThrownBy(() -> FleetFile.read(big))
        .isInstanceOf(FleetFileException.class)
        .hasMessage(
            big
                + ": "
                + Files.size(big)
                + " bytes; fleet files are limited to 1 MB ("
                + FleetFile.MAX_BYTES
                + " bytes)");
    Path binary = dir.resolve("random.yaml");
    Files.write(binary, new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, 0x00});
    assertThatThrownBy(() -> FleetFile.read(binary))
        .hasMessage(binary + ": not a text file (not UTF-8)");
    assertThatThrownBy(() -> FleetFile.read(dir.resolve("none.yaml")))
        .hasMessage(dir.resolve("none.yaml") + ": no such file");
    Path ok = dir.resolve("ok.yaml");
    Files.writeString(ok, "instances:\n  - name: a\n");
    assertThat(FleetFile.read(ok).instances()).hasSize(1);
  }

  @Test
  void readsLoadAverageAndUptimeWithAQuietDefault() {
    FleetFile.Contents c =
        FleetFile.parse(
            """
        instances:
          - name: busy
            loadAverage: "9.5 9.1 8.7"
            uptime: 3d
          - name: flat
            loadAverage: 2
          - name: quiet
        """,
            "f.yaml");
    assertThat(c.instances().get(0).loadAverage()).isEqualTo(new LoadAverage(9.5, 9.1, 8.7));
    assertThat(c.instances().get(0).uptime()).isEqualTo(java.time.Duration.ofDays(3));
    assertThat(c.instances().get(1).loadAverage()).isEqualTo(new LoadAverage(2, 2, 2));
    assertThat(c.instances().get(2).loadAverage()).isEqualTo(LoadAverage.DEFAULT);
    assertThat(LoadAverage.DEFAULT.procText(42)).isEqualTo("0.08 0.05 0.01 1/97 42\n");
    assertThat(c.instances().get(2).uptime()).isZero();

    assertThatThrownBy(
            () -> FleetFile.parse("instances:\n  - name: a\n    loadAverage: high\n", "f.yaml"))
        .hasMessageStartingWith("f.yaml:3: loadAverage: 'high' is not a load average");
    assertThatThrownBy(
            () -> FleetFile.parse("instances:\n  - name: a\n    loadAverage: \"1 2\"\n", "f.yaml"))
        .hasMessageStartingWith("f.yaml:3: loadAverage:");
    assertThatThrownBy(
            () -> FleetFile.parse("instances:\n  - name: a\n    loadAverage: -1\n", "f.yaml"))
        .hasMessage("f.yaml:3: loadAverage: a load average must be between 0 and 10000");
    assertThatThrownBy(
            () -> FleetFile.parse("instances:\n  - name: a\n    uptime: forever\n", "f.yaml"))
        .hasMessage(
            "f.yaml:3: uptime: 'forever' is not a duration (examples: 90s, 45m, 12h," + " 3d)");
  }
}
