package io.ssmflow.simulator.ec2;

import static io.ssmflow.simulator.ec2.Ec2TestSupport.ec2Error;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EC2 admin routes (knobs, snapshots, tasks) and what a simulator reset does to EC2. */
class Ec2AdminTest {
  private static final String FLEET =
      """
      instances:
        - {count: 2, namePrefix: app, mode: simulated, files: {/opt/a.txt: "a"}}
      """;

  private TestSimulator sim;

  @BeforeEach
  void start() {
    sim = TestSimulator.start(FLEET);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void knobsHaveDefaultsAndCanBeChanged() {
    JsonNode defaults = sim.admin("GET", "/_sim/ec2/knobs");
    assertThat(defaults.get("snapshotDuration").asText()).isEqualTo("1s");
    assertThat(defaults.get("snapshotInterval").asText()).isEqualTo("15s");
    assertThat(defaults.get("replaceRootDuration").asText()).isEqualTo("1s");
    assertThat(defaults.get("stateChangeDuration").asText()).isEqualTo("300ms");

    JsonNode changed =
        sim.admin(
            "POST",
            "/_sim/ec2/knobs",
            "{\"snapshotDuration\": \"2.5s\", \"stateChangeDuration\": \"50ms\"}");
    assertThat(changed.get("snapshotDuration").asText()).isEqualTo("2500ms");
    assertThat(changed.get("stateChangeDuration").asText()).isEqualTo("50ms");
    assertThat(changed.get("snapshotInterval").asText()).isEqualTo("15s");
  }

  @Test
  void badKnobsAreRejectedWithoutChangingAnything() {
    var unknown =
        catchThrowableOfType(
            TestSimulator.AdminError.class,
            () -> sim.admin("POST", "/_sim/ec2/knobs", "{\"snapshotSpeed\": \"1s\"}"));
    assertThat(unknown.status).isEqualTo(400);
    assertThat(unknown.getMessage()).contains("snapshotSpeed");
    var malformed =
        catchThrowableOfType(
            TestSimulator.AdminError.class,
            () ->
                sim.admin(
                    "POST",
                    "/_sim/ec2/knobs",
                    "{\"snapshotDuration\": \"100ms\", \"snapshotInterval\": \"soon\"}"));
    assertThat(malformed.status).isEqualTo(400);
    assertThat(sim.admin("GET", "/_sim/ec2/knobs").get("snapshotDuration").asText())
        .isEqualTo("1s");
  }

  @Test
  void snapshotsAndTasksAreListed() {
    sim.admin("POST", "/_sim/ec2/knobs", "{\"replaceRootDuration\": \"0ms\"}");
    Instance app = instance(sim, "app-1");
    String snap =
        sim.ec2()
            .createSnapshot(b -> b.volumeId(app.rootVolume().id()).description("listed"))
            .snapshotId();
    JsonNode listed = sim.admin("GET", "/_sim/snapshots").get("snapshots").get(0);
    assertThat(listed.get("snapshotId").asText()).isEqualTo(snap);
    assertThat(listed.get("instanceId").asText()).isEqualTo(app.id());
    assertThat(listed.get("description").asText()).isEqualTo("listed");
    assertThat(Path.of(listed.get("path").asText()).resolve("opt/a.txt")).hasContent("a");

    String task =
        sim.ec2()
            .createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(snap))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId();
    assertThat(
            sim.admin("GET", "/_sim/replace-root-volume-tasks")
                .get("tasks")
                .get(0)
                .get("replaceRootVolumeTaskId")
                .asText())
        .isEqualTo(task);
  }

  @Test
  void resetForgetsSnapshotsAndDeletesTheirCopies() {
    sim.admin("POST", "/_sim/ec2/knobs", "{\"replaceRootDuration\": \"300ms\"}");
    Instance app = instance(sim, "app-1");
    String snap = sim.ec2().createSnapshot(b -> b.volumeId(app.rootVolume().id())).snapshotId();
    Fleet.writeFile(app, "/opt/a.txt", "changed");
    sim.ec2().createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(snap));
    Path snapshots = sim.simulator().fleet().stateDir().resolve("snapshots");
    assertThat(snapshots.resolve(snap)).isDirectory();

    sim.admin("POST", "/_sim/reset");
    assertThat(snapshots).doesNotExist();
    assertThat(sim.admin("GET", "/_sim/ec2/knobs").get("replaceRootDuration").asText())
        .isEqualTo("1s");

    // The same fleet again gets the same instance ids: the old task must not touch it.
    sim.admin("POST", "/_sim/fleet", FLEET);
    Instance again = instance(sim, "app-1");
    assertThat(again.id()).isEqualTo(app.id());
    Fleet.writeFile(again, "/opt/a.txt", "fresh");
    ec2Error(
        "InvalidSnapshot.NotFound", () -> sim.ec2().describeSnapshots(b -> b.snapshotIds(snap)));
    assertThat(sim.ec2().describeSnapshots().snapshots()).isEmpty();
    assertThat(sim.ec2().describeReplaceRootVolumeTasks(b -> {}).replaceRootVolumeTasks())
        .isEmpty();
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(again.sandbox().resolve("opt/a.txt")).hasContent("fresh");
  }
}
