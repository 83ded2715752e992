package io.ssmflow.simulator.ec2;

import static io.ssmflow.simulator.ec2.Ec2TestSupport.ec2Error;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.eventually;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.files;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.instance;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.knobs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ReplaceRootVolumeTask;
import software.amazon.awssdk.services.ec2.model.ReplaceRootVolumeTaskState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * CreateReplaceRootVolumeTask and DescribeReplaceRootVolumeTasks: the rollback restores the sandbox
 * from the snapshot on disk, the instance reboots and gets a new root volume.
 */
class ReplaceRootVolumeTest {
  private static TestSimulator sim;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() {
    sim =
        TestSimulator.start(
            """
        instances:
          - count: 9
            namePrefix: app
            mode: simulated
            files: {/opt/myapp/version.txt: "1.0\\n"}
          - {name: parked, state: stopped, mode: simulated}
        """);
    ec2 = sim.ec2();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void quickTasks() {
    knobs(
        sim,
        "{\"snapshotInterval\": \"0ms\", \"snapshotDuration\": \"0ms\","
            + " \"replaceRootDuration\": \"150ms\"}");
  }

  private static String snapshot(Instance instance) {
    return ec2.createSnapshot(b -> b.volumeId(instance.rootVolume().id())).snapshotId();
  }

  private static ReplaceRootVolumeTask describe(String taskId) {
    return ec2.describeReplaceRootVolumeTasks(b -> b.replaceRootVolumeTaskIds(taskId))
        .replaceRootVolumeTasks()
        .get(0);
  }

  private static ReplaceRootVolumeTask awaitEnd(String taskId) {
    eventually(
        Duration.ofSeconds(10),
        "task " + taskId + " to end",
        () -> {
          ReplaceRootVolumeTaskState s = describe(taskId).taskState();
          return s == ReplaceRootVolumeTaskState.SUCCEEDED
              || s == ReplaceRootVolumeTaskState.FAILED;
        });
    return describe(taskId);
  }

  @Test
  void restoresTheSandboxToTheSnapshot() {
    Instance app = instance(sim, "app-1");
    String oldVolume = app.rootVolume().id();
    sim.admin(
        "POST",
        "/_sim/instances/app-1/files",
        "{\"path\": \"/opt/myapp/config.yml\", \"content\": \"color: blue\\n\"}");
    String snap = snapshot(app);
    Map<String, String> atSnapshot = files(app.sandbox());

    Fleet.writeFile(app, "/opt/myapp/version.txt", "2.0-broken\n");
    Fleet.writeFile(app, "/opt/myapp/plugin.so", "new\n");
    Fleet.writeFile(app, "/var/lib/app/state.db", "migrated\n");
    Map<String, String> beforeRollback = files(app.sandbox());
    assertThat(beforeRollback).isNotEqualTo(atSnapshot);

    ReplaceRootVolumeTask created =
        ec2.createReplaceRootVolumeTask(
                b ->
                    b.instanceId(app.id())
                        .snapshotId(snap)
                        .tagSpecifications(
                            TagSpecification.builder()
                                .resourceType(ResourceType.REPLACE_ROOT_VOLUME_TASK)
                                .tags(Tag.builder().key("Reason").value("rollback").build())
                                .build()))
            .replaceRootVolumeTask();
    assertThat(created.replaceRootVolumeTaskId()).matches("replacevol-[0-9a-f]{17}");
    assertThat(created.instanceId()).isEqualTo(app.id());
    assertThat(created.taskState()).isEqualTo(ReplaceRootVolumeTaskState.PENDING);
    assertThat(created.startTime()).isNotBlank();
    assertThat(created.completeTime()).isNull();
    assertThat(created.snapshotId()).isEqualTo(snap);
    assertThat(created.deleteReplacedRootVolume()).isFalse();
    assertThat(created.tags()).extracting(Tag::key).containsExactly("Reason");

    ReplaceRootVolumeTask done = awaitEnd(created.replaceRootVolumeTaskId());
    assertThat(done.taskState()).isEqualTo(ReplaceRootVolumeTaskState.SUCCEEDED);
    assertThat(done.completeTime()).isNotBlank();

    assertThat(files(app.sandbox())).isEqualTo(atSnapshot);
    JsonNode version = sim.admin("GET", "/_sim/instances/app-1/files?path=/opt/myapp/version.txt");
    assertThat(version.get("content").asText()).isEqualTo("1.0\n");

    String newVolume = app.rootVolume().id();
    assertThat(newVolume).isNotEqualTo(oldVolume).matches("vol-[0-9a-f]{17}");
    var described =
        ec2.describeInstances(b -> b.instanceIds(app.id()))
            .reservations()
            .get(0)
            .instances()
            .get(0);
    assertThat(described.blockDeviceMappings())
        .singleElement()
        .satisfies(m -> assertThat(m.ebs().volumeId()).isEqualTo(newVolume));
    var replacement = ec2.describeVolumes(b -> b.volumeIds(newVolume)).volumes().get(0);
    assertThat(replacement.snapshotId()).isEqualTo(snap);
    assertThat(replacement.state()).isEqualTo(VolumeState.IN_USE);
    var kept = ec2.describeVolumes(b -> b.volumeIds(oldVolume)).volumes().get(0);
    assertThat(kept.state()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(kept.attachments()).isEmpty();
    // The replaced volume keeps the data it had.
    Path keptData = sim.simulator().fleet().volume(oldVolume).orElseThrow().data();
    assertThat(files(keptData)).isEqualTo(beforeRollback);
    assertThat(app.pingStatus()).isEqualTo("Online");
  }

  @Test
  void theInstanceRebootsWhileTheTaskIsInProgress() {
    knobs(sim, "{\"replaceRootDuration\": \"800ms\"}");
    Instance app = instance(sim, "app-2");
    String task =
        ec2.createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(snapshot(app)))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId();
    eventually(
        Duration.ofSeconds(5),
        "task in progress",
        () -> describe(task).taskState() == ReplaceRootVolumeTaskState.IN_PROGRESS);
    assertThat(app.pingStatus()).isEqualTo("ConnectionLost");
    assertThat(app.reachable()).isFalse();
    assertThat(awaitEnd(task).taskState()).isEqualTo(ReplaceRootVolumeTaskState.SUCCEEDED);
    assertThat(app.pingStatus()).isEqualTo("Online");
  }

  @Test
  void deleteReplacedRootVolumeRemovesTheOldOne() {
    Instance app = instance(sim, "app-3");
    String oldVolume = app.rootVolume().id();
    String task =
        ec2.createReplaceRootVolumeTask(
                b ->
                    b.instanceId(app.id()).snapshotId(snapshot(app)).deleteReplacedRootVolume(true))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId();
    assertThat(awaitEnd(task).deleteReplacedRootVolume()).isTrue();
    ec2Error("InvalidVolume.NotFound", () -> ec2.describeVolumes(b -> b.volumeIds(oldVolume)));
    assertThat(sim.simulator().fleet().stateDir().resolve("volumes").resolve(oldVolume))
        .doesNotExist();
  }

  @Test
  void snapshotsOfEveryRootVolumeInTheLineageRestore() {
    Instance app = instance(sim, "app-4");
    String first = snapshot(app);
    Fleet.writeFile(app, "/opt/myapp/version.txt", "2.0\n");
    awaitEnd(
        ec2.createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(first))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId());
    Fleet.writeFile(app, "/opt/myapp/version.txt", "3.0\n");
    String second = snapshot(app);
    Fleet.writeFile(app, "/opt/myapp/version.txt", "4.0\n");
    awaitEnd(
        ec2.createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(second))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId());
    assertThat(app.sandbox().resolve("opt/myapp/version.txt")).hasContent("3.0");
    // The first snapshot came from a root volume the instance no longer has: still its own.
    awaitEnd(
        ec2.createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(first))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId());
    assertThat(app.sandbox().resolve("opt/myapp/version.txt")).hasContent("1.0");
  }

  @Test
  void withoutASnapshotTheVolumeGoesBackToAnEmptyRootFilesystem() {
    Instance app = instance(sim, "app-5");
    ReplaceRootVolumeTask done =
        awaitEnd(
            ec2.createReplaceRootVolumeTask(b -> b.instanceId(app.id()))
                .replaceRootVolumeTask()
                .replaceRootVolumeTaskId());
    assertThat(done.taskState()).isEqualTo(ReplaceRootVolumeTaskState.SUCCEEDED);
    assertThat(done.snapshotId()).isNull();
    assertThat(files(app.sandbox())).isEmpty();
    assertThat(app.sandbox().resolve("opt")).isDirectory();
  }

  @Test
  void aClientTokenMakesCreateIdempotent() {
    Instance app = instance(sim, "app-6");
    String snap = snapshot(app);
    String first =
        ec2.createReplaceRootVolumeTask(
                b -> b.instanceId(app.id()).snapshotId(snap).clientToken("rollback-app-6"))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId();
    String again =
        ec2.createReplaceRootVolumeTask(
                b -> b.instanceId(app.id()).snapshotId(snap).clientToken("rollback-app-6"))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId();
    assertThat(again).isEqualTo(first);
    ec2Error(
        "IdempotentParameterMismatch",
        () ->
            ec2.createReplaceRootVolumeTask(
                b -> b.instanceId(app.id()).clientToken("rollback-app-6")));
    awaitEnd(first);
    assertThat(
            ec2.describeReplaceRootVolumeTasks(
                    b -> b.filters(Filter.builder().name("instance-id").values(app.id()).build()))
                .replaceRootVolumeTasks())
        .extracting(ReplaceRootVolumeTask::replaceRootVolumeTaskId)
        .containsExactly(first);
    // The same token after completion still answers the same task.
    assertThat(
            ec2.createReplaceRootVolumeTask(
                    b -> b.instanceId(app.id()).snapshotId(snap).clientToken("rollback-app-6"))
                .replaceRootVolumeTask()
                .replaceRootVolumeTaskId())
        .isEqualTo(first);
  }

  @Test
  void aSnapshotInUseCannotBeDeletedAndOneTaskAtATime() {
    knobs(sim, "{\"replaceRootDuration\": \"600ms\"}");
    Instance app = instance(sim, "app-7");
    String snap = snapshot(app);
    String task =
        ec2.createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(snap))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId();
    var inUse =
        ec2Error("InvalidSnapshot.InUse", () -> ec2.deleteSnapshot(b -> b.snapshotId(snap)));
    assertThat(inUse.awsErrorDetails().errorMessage()).contains(task);
    ec2Error(
        "IncorrectInstanceState",
        () -> ec2.createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(snap)));
    awaitEnd(task);
    ec2.deleteSnapshot(b -> b.snapshotId(snap));
  }

  @Test
  void aMissingCopyMakesTheTaskFailAndLeavesTheInstanceAlone() throws Exception {
    Instance app = instance(sim, "app-8");
    String volume = app.rootVolume().id();
    String snap = snapshot(app);
    Fleet.writeFile(app, "/opt/myapp/version.txt", "2.0\n");
    Map<String, String> before = files(app.sandbox());
    Path copy = sim.simulator().fleet().stateDir().resolve("snapshots").resolve(snap);
    Trees.delete(copy);
    ReplaceRootVolumeTask done =
        awaitEnd(
            ec2.createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(snap))
                .replaceRootVolumeTask()
                .replaceRootVolumeTaskId());
    assertThat(done.taskState()).isEqualTo(ReplaceRootVolumeTaskState.FAILED);
    assertThat(files(app.sandbox())).isEqualTo(before);
    assertThat(app.rootVolume().id()).isEqualTo(volume);
    assertThat(app.pingStatus()).isEqualTo("Online");
    try (var siblings = Files.list(app.sandbox().getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("root");
    }
  }

  @Test
  void clientMistakes() {
    Instance app = instance(sim, "app-9");
    Instance other = instance(sim, "app-1");
    Instance parked = instance(sim, "parked");
    ec2Error(
        "InvalidSnapshot.NotFound",
        () ->
            ec2.createReplaceRootVolumeTask(
                b -> b.instanceId(app.id()).snapshotId("snap-0123456789abcdef0")));
    String othersSnapshot = snapshot(other);
    var lineage =
        ec2Error(
            "InvalidParameterValue",
            () ->
                ec2.createReplaceRootVolumeTask(
                    b -> b.instanceId(app.id()).snapshotId(othersSnapshot)));
    assertThat(lineage.awsErrorDetails().errorMessage()).contains(othersSnapshot, app.id());
    String parkedSnapshot = snapshot(parked);
    ec2Error(
        "IncorrectInstanceState",
        () ->
            ec2.createReplaceRootVolumeTask(
                b -> b.instanceId(parked.id()).snapshotId(parkedSnapshot)));
    ec2Error(
        "InvalidInstanceID.NotFound",
        () -> ec2.createReplaceRootVolumeTask(b -> b.instanceId("i-0123456789abcdef0")));
    ec2Error("MissingParameter", () -> ec2.createReplaceRootVolumeTask(b -> {}));
    ec2Error(
        "InvalidReplaceRootVolumeTaskId.NotFound",
        () ->
            ec2.describeReplaceRootVolumeTasks(
                b -> b.replaceRootVolumeTaskIds("replacevol-0123456789abcdef0")));
    ec2Error(
        "InvalidReplaceRootVolumeTaskId.Malformed",
        () -> ec2.describeReplaceRootVolumeTasks(b -> b.replaceRootVolumeTaskIds("task-1")));
    ec2Error(
        "InvalidParameterValue",
        () ->
            ec2.describeReplaceRootVolumeTasks(
                b -> b.filters(Filter.builder().name("task-state").values("pending").build())));
  }

  @Test
  void describePagesInCreationOrder() {
    Instance app = instance(sim, "app-9");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String snap = snapshot(app);
      created.add(
          awaitEnd(
                  ec2.createReplaceRootVolumeTask(b -> b.instanceId(app.id()).snapshotId(snap))
                      .replaceRootVolumeTask()
                      .replaceRootVolumeTaskId())
              .replaceRootVolumeTaskId());
    }
    List<String> paged = new ArrayList<>();
    ec2.describeReplaceRootVolumeTasksPaginator(
            b ->
                b.maxResults(1)
                    .filters(Filter.builder().name("instance-id").values(app.id()).build()))
        .forEach(
            p -> {
              assertThat(p.replaceRootVolumeTasks()).hasSizeLessThanOrEqualTo(1);
              p.replaceRootVolumeTasks().forEach(t -> paged.add(t.replaceRootVolumeTaskId()));
            });
    assertThat(paged).isEqualTo(created);
  }
}
