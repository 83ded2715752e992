package io.ssmflow.activities.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.activities.command.CommandActivitiesImpl;
import io.ssmflow.workflows.command.AwaitRequest;
import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.InvocationOutcome;
import io.ssmflow.workflows.command.PatchBaselineRequest;
import io.ssmflow.workflows.command.PendingCommand;
import io.ssmflow.workflows.command.SendResult;
import io.ssmflow.workflows.patch.ComplianceReport;
import io.ssmflow.workflows.patch.InstanceCompliance;
import io.ssmflow.workflows.patch.MissingPatch;
import io.ssmflow.workflows.patch.PatchActivities;
import io.ssmflow.workflows.patch.PatchDefaults;
import io.ssmflow.workflows.snapshot.InstanceSnapshots;
import io.ssmflow.workflows.snapshot.SnapshotActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Pre-patch snapshots, restore and compliance against the simulator's EC2 and SSM through the SDK,
 * with AWS-RunPatchBaseline sent by the real CommandActivitiesImpl.
 */
class PatchActivitiesImplTest {
  private static final String FLEET =
      """
      instances:
        - count: 8
          namePrefix: web
          tags: {PatchGroup: WebServers}
          mode: shell
          volumes: [{device: /dev/sdf, size: 20}]
          installedPatches:
            - {id: bash-5.1, classification: Bugfix, severity: Low, title: bash}
          pendingPatches:
            - {id: tzdata-2024a, classification: Bugfix, severity: Low, title: tzdata}
            - {id: KB5031356, classification: SecurityUpdates, severity: Critical,
               title: "2023-10 Cumulative Update"}
            - {id: openssl-3.0.2, classification: Security, severity: Important,
               title: openssl}
      """;

  @RegisterExtension
  static final SimulatorFixture<PatchActivities> FIXTURE =
      new SimulatorFixture<>(
          FLEET,
          PatchActivities.class,
          sim -> new PatchActivitiesImpl(sim.ec2(), sim.ssm(), Duration.ofMillis(500)));

  private static SnapshotActivities snapshots() {
    return FIXTURE.stub(SnapshotActivities.class);
  }

  @BeforeAll
  static void quickEc2() {
    FIXTURE
        .sim()
        .admin(
            "POST",
            "/_sim/ec2/knobs",
            "{\"snapshotDuration\": \"400ms\","
                + " \"snapshotInterval\": \"1500ms\", \"replaceRootDuration\": \"500ms\","
                + " \"stateChangeDuration\": \"100ms\"}");
  }

  private static final String RUN = "0f6d3c1e-8a2b-4c5d-9e7f-112233445566";

  private static String workflowId() {
    return "patch-install-test-" + UUID.randomUUID();
  }

  private static Map<String, String> tags(Snapshot s) {
    Map<String, String> out = new TreeMap<>();
    for (Tag t : s.tags()) {
      out.put(t.key(), t.value());
    }
    return out;
  }

  private static List<Snapshot> snapshots(List<String> ids) {
    return FIXTURE.sim().ec2().describeSnapshots(b -> b.snapshotIds(ids)).snapshots();
  }

  private static Path sandbox(String instanceId) {
    return Path.of(
        FIXTURE.sim().admin("GET", "/_sim/instances/" + instanceId).path("sandbox").asText());
  }

  @Test
  void snapshotsEveryVolumeRootFirstTaggedAndWaitsForCompletion() {
    String id = FIXTURE.id("web-1");
    String wf = workflowId();
    List<InstanceSnapshots> made = snapshots().createSnapshots(wf, RUN, List.of(id));

    assertThat(made).hasSize(1);
    InstanceSnapshots s = made.get(0);
    assertThat(s.instanceId()).isEqualTo(id);
    assertThat(s.snapshotIds()).hasSize(2).first().isEqualTo(s.rootSnapshotId());
    JsonNode info = FIXTURE.sim().admin("GET", "/_sim/instances/" + id);
    List<String> volumes = new ArrayList<>();
    info.path("volumes")
        .forEach(v -> volumes.add(v.path("volumeId").asText(v.path("id").asText())));
    Map<String, String> volumeOf = new TreeMap<>();
    for (Snapshot snap : snapshots(s.snapshotIds())) {
      volumeOf.put(snap.snapshotId(), snap.volumeId());
      assertThat(tags(snap))
          .containsEntry("Purpose", "pre-patch-backup")
          .containsEntry("InstanceId", id)
          .containsEntry("CreatedBy", "ssmflow")
          .containsEntry(PatchActivities.WORKFLOW_ID_TAG, wf)
          .containsEntry(PatchActivities.RUN_ID_TAG, RUN);
    }
    assertThat(volumeOf.values()).containsExactlyInAnyOrderElementsOf(volumes);

    assertThat(snapshots().awaitSnapshots(s.snapshotIds()).failed()).isEmpty();
    assertThat(snapshots(s.snapshotIds())).allMatch(x -> x.stateAsString().equals("completed"));
  }

  @Test
  void aRetryFindsTheSnapshotsItAlreadyMadeAndWaitsOutTheVolumeRate() {
    String id = FIXTURE.id("web-2");
    String wf = workflowId();
    InstanceSnapshots first = snapshots().createSnapshots(wf, RUN, List.of(id)).get(0);
    // The same batch again as a first attempt: EC2's per-volume rate refuses a new snapshot, and
    // the lookup that follows finds the one already made, so nothing new is created. (Real
    // retries, which look up before creating: SnapshotRetryTest.)
    InstanceSnapshots again = snapshots().createSnapshots(wf, RUN, List.of(id)).get(0);
    assertThat(again).isEqualTo(first);

    // The same intent run again (another run id) takes its own snapshots.
    InstanceSnapshots rerun =
        snapshots().createSnapshots(wf, "9a8b7c6d-0000-4000-8000-000000000001", List.of(id)).get(0);
    assertThat(rerun.snapshotIds()).hasSize(2).doesNotContainAnyElementsOf(first.snapshotIds());

    // Another run right away hits EC2's one-snapshot-per-volume interval and waits it out.
    InstanceSnapshots other = snapshots().createSnapshots(workflowId(), RUN, List.of(id)).get(0);
    assertThat(other.snapshotIds()).hasSize(2).doesNotContainAnyElementsOf(first.snapshotIds());
    long ofRun =
        FIXTURE
            .sim()
            .ec2()
            .describeSnapshots(
                b -> b.filters(f -> f.name("tag:" + PatchActivities.WORKFLOW_ID_TAG).values(wf)))
            .snapshots()
            .size();
    assertThat(ofRun).isEqualTo(4);
  }

  @Test
  void restoreReplacesTheRootVolumeFromThePrePatchSnapshotOnDisk() throws Exception {
    String id = FIXTURE.id("web-3");
    Path marker = sandbox(id).resolve("opt/app/VERSION");
    Files.createDirectories(marker.getParent());
    Files.writeString(marker, "1.0\n");
    String wf = workflowId();
    InstanceSnapshots s = snapshots().createSnapshots(wf, RUN, List.of(id)).get(0);
    assertThat(snapshots().awaitSnapshots(s.snapshotIds()).failed()).isEmpty();

    // Patching (through the real command activities) changes the sandbox.
    InvocationOutcome install = patch(id, "Install", "NoReboot");
    assertThat(install.status().succeeded()).isTrue();
    assertThat(FIXTURE.sim().admin("GET", "/_sim/instances/" + id).path("pendingPatches"))
        .isEmpty();
    Files.writeString(marker, "broken\n");
    assertThat(Files.exists(sandbox(id).resolve("var/lib/ssmflow-sim/installed-patches"))).isTrue();

    String token = wf + "/restore/" + id;
    String task = snapshots().restoreRootVolume(id, s.rootSnapshotId(), token);
    assertThat(Files.readString(sandbox(id).resolve("opt/app/VERSION"))).isEqualTo("1.0\n");
    assertThat(Files.exists(sandbox(id).resolve("var/lib/ssmflow-sim/installed-patches")))
        .isFalse();
    // The patch state came back with the root volume: the three patches are pending again.
    assertThat(FIXTURE.sim().admin("GET", "/_sim/instances/" + id).path("pendingPatches"))
        .hasSize(3);
    // A retry with the same token finds the same task instead of restoring twice.
    assertThat(snapshots().restoreRootVolume(id, s.rootSnapshotId(), token)).isEqualTo(task);
    assertThat(
            FIXTURE
                .sim()
                .admin("GET", "/_sim/replace-root-volume-tasks")
                .findValues("replaceRootVolumeTaskId")
                .stream()
                .filter(n -> n.asText().equals(task))
                .count())
        .isEqualTo(1);
  }

  @Test
  void aRestoreWhoseTaskFailsFailsClearly() throws Exception {
    String id = FIXTURE.id("web-4");
    InstanceSnapshots s = snapshots().createSnapshots(workflowId(), RUN, List.of(id)).get(0);
    snapshots().awaitSnapshots(s.snapshotIds());
    // The snapshot's data goes missing: the replace-root-volume task ends failed.
    for (JsonNode snap : FIXTURE.sim().admin("GET", "/_sim/snapshots").findParents("path")) {
      if (snap.path("snapshotId").asText().equals(s.rootSnapshotId())) {
        deleteTree(Path.of(snap.path("path").asText()));
      }
    }
    assertThatThrownBy(
            () ->
                snapshots()
                    .restoreRootVolume(id, s.rootSnapshotId(), "restore-" + UUID.randomUUID()))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo("RestoreFailed"))
        .hasMessageContaining("ended failed");
  }

  @Test
  void runPatchBaselineParametersReachTheInstance() {
    String id = FIXTURE.id("web-5");
    String baseline = UUID.randomUUID().toString();
    InvocationOutcome done = runPatch(id, "Install", "NoReboot", baseline);
    assertThat(done.status().succeeded()).isTrue();
    JsonNode history = FIXTURE.sim().admin("GET", "/_sim/instances/" + id + "/commands");
    assertThat(history.toString()).contains("Operation=Install").contains("RebootOption=NoReboot");
    var state =
        FIXTURE
            .sim()
            .ssm()
            .describeInstancePatchStates(b -> b.instanceIds(id))
            .instancePatchStates()
            .get(0);
    assertThat(state.snapshotId()).isEqualTo(baseline);
    assertThat(state.operationAsString()).isEqualTo("Install");
    assertThat(state.rebootOptionAsString()).isEqualTo("NoReboot");
    assertThat(state.installedCount()).isEqualTo(4);
  }

  @Test
  void complianceAfterAScanListsTheMostSevereFirst() {
    String id = FIXTURE.id("web-6");
    assertThat(patch(id, "Scan", "NoReboot").status().succeeded()).isTrue();
    List<InstanceCompliance> reports = FIXTURE.activities().compliance(List.of(id));

    assertThat(reports).hasSize(1);
    ComplianceReport r = reports.get(0).report();
    assertThat(r.installedCount()).isEqualTo(1);
    assertThat(r.missingCount()).isEqualTo(3);
    assertThat(r.failedCount()).isZero();
    assertThat(r.missing())
        .extracting(MissingPatch::id)
        .containsExactly("KB5031356", "openssl-3.0.2", "tzdata-2024a");
    assertThat(r.missing().get(0))
        .isEqualTo(
            new MissingPatch(
                "KB5031356",
                "2023-10 Cumulative Update",
                "SecurityUpdates",
                "Critical",
                "Missing"));
  }

  @Test
  void deletesOnlyTheRunsSnapshotsAndIsIdempotent() {
    String id = FIXTURE.id("web-1");
    String wf = workflowId();
    String other = workflowId();
    InstanceSnapshots mine = snapshots().createSnapshots(wf, RUN, List.of(id)).get(0);
    snapshots().awaitSnapshots(mine.snapshotIds());
    InstanceSnapshots theirs = snapshots().createSnapshots(other, RUN, List.of(id)).get(0);

    assertThat(FIXTURE.activities().deleteSnapshots(wf, RUN, List.of())).isEqualTo(2);
    assertThat(FIXTURE.activities().deleteSnapshots(wf, RUN, List.of())).isZero();
    assertThat(FIXTURE.sim().ec2().describeSnapshots(b -> b.ownerIds("self")).snapshots())
        .extracting(Snapshot::snapshotId)
        .containsAll(theirs.snapshotIds())
        .doesNotContainAnyElementsOf(mine.snapshotIds());
  }

  @Test
  void keepsTheSnapshotsOfInstancesWhoseRollbackFailed() {
    String kept = FIXTURE.id("web-7");
    String gone = FIXTURE.id("web-8");
    String wf = workflowId();
    List<InstanceSnapshots> made = snapshots().createSnapshots(wf, RUN, List.of(kept, gone));
    made.forEach(m -> snapshots().awaitSnapshots(m.snapshotIds()));
    InstanceSnapshots keptSnaps =
        made.stream().filter(m -> m.instanceId().equals(kept)).findFirst().orElseThrow();
    InstanceSnapshots goneSnaps =
        made.stream().filter(m -> m.instanceId().equals(gone)).findFirst().orElseThrow();

    assertThat(FIXTURE.activities().deleteSnapshots(wf, RUN, List.of(kept)))
        .isEqualTo(goneSnaps.snapshotIds().size());
    assertThat(FIXTURE.sim().ec2().describeSnapshots(b -> b.ownerIds("self")).snapshots())
        .extracting(Snapshot::snapshotId)
        .containsAll(keptSnaps.snapshotIds())
        .doesNotContainAnyElementsOf(goneSnaps.snapshotIds());
  }

  @Test
  void theDefaultHealthCheckAndValidationRunInTheShellSandbox() {
    String id = FIXTURE.id("web-6");
    // Generous limits: healthy whatever the test machine's load.
    InvocationOutcome healthy = shell(id, PatchDefaults.healthCheck(null, 100, 1, 1_000));
    assertThat(healthy.status().succeeded()).as(healthy.outputTail()).isTrue();
    assertThat(healthy.outputTail())
        .contains("disk:")
        .contains("memory:")
        .contains("load:")
        .contains("service: none named")
        .doesNotContain("UNHEALTHY");

    InvocationOutcome full = shell(id, PatchDefaults.healthCheck(null, 0, 1, 1_000));
    assertThat(full.status().succeeded()).isFalse();
    assertThat(full.outputTail()).contains("UNHEALTHY disk: / ");

    InvocationOutcome seedLimits = shell(id, PatchDefaults.HEALTH_CHECK);
    assertThat(seedLimits.outputTail()).contains("disk: / ").contains("load: ");

    InvocationOutcome valid = shell(id, PatchDefaults.VALIDATION);
    assertThat(valid.status().succeeded()).as(valid.outputTail()).isTrue();
    assertThat(valid.outputTail()).contains("tmp: writable");

    InvocationOutcome service = shell(id, PatchDefaults.validation("ssmflow-no-such.service"));
    assertThat(service.status().succeeded()).isFalse();
    assertThat(service.outputTail()).contains("INVALID service: ssmflow-no-such.service");
    assertThatThrownBy(() -> PatchDefaults.healthCheck("x; rm -rf /", 90, 100, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** AWS-RunShellScript through the real command activities, awaited to its end. */
  private static InvocationOutcome shell(String id, List<String> lines) {
    return viaCommands(
        id,
        commands ->
            commands.sendShellCommand(
                new io.ssmflow.workflows.command.SendCommandRequest(
                    UUID.randomUUID().toString(), "defaults test", List.of(id), lines, 60, 60)));
  }

  private static InvocationOutcome patch(String id, String operation, String reboot) {
    return runPatch(id, operation, reboot, UUID.randomUUID().toString());
  }

  /** AWS-RunPatchBaseline through the real command activities, awaited to its end. */
  private static InvocationOutcome runPatch(
      String id, String operation, String reboot, String baseline) {
    return viaCommands(
        id,
        commands ->
            commands.sendPatchBaseline(
                new PatchBaselineRequest(
                    UUID.randomUUID().toString(),
                    "patch test",
                    List.of(id),
                    operation,
                    reboot,
                    baseline,
                    600)));
  }

  /** Sends with the real command activities and awaits the one instance's invocation. */
  private static InvocationOutcome viaCommands(
      String id, java.util.function.Function<CommandActivities, SendResult> send) {
    var env = ActivityTesting.environment(new CommandActivitiesImpl(FIXTURE.sim().ssm()));
    try {
      CommandActivities commands = ActivityTesting.stub(env, CommandActivities.class);
      String cid = send.apply(commands).commands().get(0).commandId();
      for (int i = 0; i < 30; i++) {
        var r =
            commands.awaitInvocations(
                new AwaitRequest(
                    List.of(new PendingCommand(cid, List.of(id))),
                    Duration.ofSeconds(5),
                    Duration.ZERO));
        if (!r.finished().isEmpty()) {
          return r.finished().get(0);
        }
      }
      throw new AssertionError("the command did not end on " + id);
    } finally {
      env.close();
    }
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
