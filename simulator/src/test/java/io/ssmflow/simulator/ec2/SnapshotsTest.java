package io.ssmflow.simulator.ec2;

import static io.ssmflow.simulator.ec2.Ec2TestSupport.FAST_WAITER;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.ec2Error;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.files;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.instance;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.knobs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.fleet.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** CreateSnapshot, DescribeSnapshots, DeleteSnapshot: copies on disk, states, rate, filters. */
class SnapshotsTest {
  private static TestSimulator sim;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() {
    sim =
        TestSimulator.start(
            """
        instances:
          - name: web-1
            mode: shell
            tags: {Environment: staging}
            files: {/opt/app/version.txt: "1.0\\n"}
          - {name: web-2, mode: simulated}
          - {name: web-3, mode: simulated}
          - {name: burst, mode: simulated}
          - name: db-1
            mode: simulated
            rootVolumeSize: 20
            volumes: [{device: /dev/sdf, size: 100}]
        """);
    ec2 = sim.ec2();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void quickSnapshots() {
    knobs(sim, "{\"snapshotInterval\": \"0ms\", \"snapshotDuration\": \"200ms\"}");
  }

  private static String rootVolume(String name) {
    return instance(sim, name).rootVolume().id();
  }

  private static Path copyOf(String snapshotId) {
    for (JsonNode s : sim.admin("GET", "/_sim/snapshots").get("snapshots")) {
      if (s.get("snapshotId").asText().equals(snapshotId)) {
        return Path.of(s.get("path").asText());
      }
    }
    throw new AssertionError("no snapshot " + snapshotId + " in /_sim/snapshots");
  }

  private static TagSpecification snapshotTags(String key, String value) {
    return TagSpecification.builder()
        .resourceType(ResourceType.SNAPSHOT)
        .tags(Tag.builder().key(key).value(value).build())
        .build();
  }

  @Test
  void createAnswersPendingAndTheWaiterSeesItComplete() {
    knobs(sim, "{\"snapshotDuration\": \"400ms\"}");
    String volumeId = rootVolume("web-1");
    CreateSnapshotResponse created =
        ec2.createSnapshot(
            b ->
                b.volumeId(volumeId)
                    .description("before deploy")
                    .tagSpecifications(snapshotTags("Purpose", "rollback")));
    assertThat(created.snapshotId()).matches("snap-[0-9a-f]{17}");
    assertThat(created.volumeId()).isEqualTo(volumeId);
    assertThat(created.state()).isEqualTo(SnapshotState.PENDING);
    assertThat(created.progress()).endsWith("%").isNotEqualTo("100%");
    assertThat(created.startTime()).isNotNull();
    assertThat(created.ownerId()).isEqualTo("123456789012");
    assertThat(created.volumeSize()).isEqualTo(8);
    assertThat(created.description()).isEqualTo("before deploy");
    assertThat(created.encrypted()).isFalse();
    assertThat(created.tags())
        .containsExactly(Tag.builder().key("Purpose").value("rollback").build());

    var waited =
        ec2.waiter()
            .waitUntilSnapshotCompleted(b -> b.snapshotIds(created.snapshotId()), FAST_WAITER);
    Snapshot done = waited.matched().response().orElseThrow().snapshots().get(0);
    assertThat(done.state()).isEqualTo(SnapshotState.COMPLETED);
    assertThat(done.progress()).isEqualTo("100%");
    assertThat(done.description()).isEqualTo("before deploy");
    assertThat(done.tags()).extracting(Tag::key).containsExactly("Purpose");
  }

  @Test
  void aSnapshotIsAPointInTimeCopyOfTheSandbox() throws Exception {
    Instance web = instance(sim, "web-1");
    sim.admin(
        "POST",
        "/_sim/instances/web-1/files",
        "{\"path\": \"/opt/app/config.yml\", \"content\": \"color: blue\\n\"}");
    String snap = ec2.createSnapshot(b -> b.volumeId(web.rootVolume().id())).snapshotId();
    Fleet.writeFile(web, "/opt/app/config.yml", "color: red\n");
    Fleet.writeFile(web, "/var/log/deploy.log", "deployed\n");

    Path copy = copyOf(snap);
    assertThat(copy).startsWith(sim.simulator().fleet().stateDir().resolve("snapshots"));
    assertThat(Files.readString(copy.resolve("opt/app/config.yml"))).isEqualTo("color: blue\n");
    assertThat(copy.resolve("opt/app/version.txt")).hasContent("1.0");
    assertThat(copy.resolve("var/log/deploy.log")).doesNotExist();
    assertThat(files(web.sandbox()))
        .containsEntry("opt/app/config.yml", "color: red\n")
        .containsEntry("var/log/deploy.log", "deployed\n");
  }

  @Test
  void aVolumeNeverWrittenIsCreatedBeforeItIsCopied() {
    Instance web2 = instance(sim, "web-2");
    assertThat(web2.sandbox()).doesNotExist();
    String rootSnap = ec2.createSnapshot(b -> b.volumeId(web2.rootVolume().id())).snapshotId();
    assertThat(copyOf(rootSnap).resolve("opt")).isDirectory();

    Volume data =
        instance(sim, "db-1").volumes().stream().filter(v -> !v.root()).findFirst().orElseThrow();
    CreateSnapshotResponse dataSnap = ec2.createSnapshot(b -> b.volumeId(data.id()));
    assertThat(dataSnap.volumeSize()).isEqualTo(100);
    assertThat(copyOf(dataSnap.snapshotId())).isDirectory();
  }

  @Test
  void onlyOneSnapshotPerVolumePerInterval() throws Exception {
    knobs(sim, "{\"snapshotInterval\": \"600ms\"}");
    String volumeId = rootVolume("web-3");
    ec2.createSnapshot(b -> b.volumeId(volumeId));
    var e =
        ec2Error(
            "SnapshotCreationPerVolumeRateExceeded",
            () -> ec2.createSnapshot(b -> b.volumeId(volumeId)));
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "The maximum per volume"
                + " CreateSnapshot request rate has been exceeded. Use an increasing or variable sleep"
                + " interval between requests.");
    // Another volume has its own allowance.
    ec2.createSnapshot(b -> b.volumeId(rootVolume("db-1")));
    Thread.sleep(650);
    assertThat(ec2.createSnapshot(b -> b.volumeId(volumeId)).snapshotId()).startsWith("snap-");
  }

  @Test
  void concurrentCallsOnOneVolumeGetExactlyOneSnapshot() throws Exception {
    knobs(sim, "{\"snapshotInterval\": \"15s\"}");
    String volumeId = rootVolume("burst");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            pool.submit(
                () -> {
                  try {
                    return ec2.createSnapshot(b -> b.volumeId(volumeId)).snapshotId();
                  } catch (Ec2Exception e) {
                    return e.awsErrorDetails().errorCode();
                  }
                }));
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : calls) {
        outcomes.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(outcomes).filteredOn(o -> o.startsWith("snap-")).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> !o.startsWith("snap-"))
          .hasSize(7)
          .containsOnly("SnapshotCreationPerVolumeRateExceeded");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void describeByIdOwnerAndFilters() {
    String volumeId = rootVolume("db-1");
    String a =
        ec2.createSnapshot(
                b ->
                    b.volumeId(volumeId)
                        .description("nightly 1")
                        .tagSpecifications(snapshotTags("Schedule", "nightly")))
            .snapshotId();
    String b2 =
        ec2.createSnapshot(
                b ->
                    b.volumeId(volumeId)
                        .description("manual")
                        .tagSpecifications(snapshotTags("Owner", "alice")))
            .snapshotId();

    assertThat(ec2.describeSnapshots(b -> b.snapshotIds(a, b2)).snapshots())
        .extracting(Snapshot::snapshotId)
        .containsExactly(a, b2);
    assertThat(ids(b -> b.ownerIds("self").filters(filter("volume-id", volumeId)))).contains(a, b2);
    assertThat(ids(b -> b.ownerIds("123456789012").filters(filter("snapshot-id", a))))
        .containsExactly(a);
    assertThat(ids(b -> b.ownerIds("amazon"))).isEmpty();
    assertThat(ids(b -> b.filters(filter("tag:Schedule", "nightly")))).containsExactly(a);
    assertThat(ids(b -> b.filters(filter("tag-key", "Owner")))).containsExactly(b2);
    assertThat(ids(b -> b.filters(filter("description", "nightly*")))).containsExactly(a);
    assertThat(
            ids(b -> b.filters(filter("owner-id", "123456789012"), filter("snapshot-id", a, b2))))
        .containsExactly(a, b2);
    assertThat(
            ids(b -> b.filters(filter("snapshot-id", a), filter("status", "completed", "pending"))))
        .containsExactly(a);
    assertThat(ids(b -> b.filters(filter("snapshot-id", a), filter("status", "error")))).isEmpty();
    ec2Error(
        "InvalidParameterValue", () -> ec2.describeSnapshots(b -> b.filters(filter("size", "8"))));
  }

  @Test
  void pagesThroughManySnapshots() {
    Volume data =
        instance(sim, "db-1").volumes().stream().filter(v -> !v.root()).findFirst().orElseThrow();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      created.add(ec2.createSnapshot(b -> b.volumeId(data.id())).snapshotId());
    }
    List<String> paged = new ArrayList<>();
    int[] pages = {0};
    ec2.describeSnapshotsPaginator(
            b ->
                b.maxResults(5)
                    .ownerIds("self")
                    .filters(filter("snapshot-id", created.toArray(String[]::new))))
        .forEach(
            p -> {
              pages[0]++;
              p.snapshots().forEach(s -> paged.add(s.snapshotId()));
            });
    assertThat(paged).isEqualTo(created);
    assertThat(pages[0]).isEqualTo(3);
  }

  @Test
  void deleteRemovesTheSnapshotAndItsCopy() {
    String snap = ec2.createSnapshot(b -> b.volumeId(rootVolume("web-1"))).snapshotId();
    Path copy = copyOf(snap);
    assertThat(copy).isDirectory();
    ec2.deleteSnapshot(b -> b.snapshotId(snap));
    assertThat(copy).doesNotExist();
    var e =
        ec2Error("InvalidSnapshot.NotFound", () -> ec2.describeSnapshots(b -> b.snapshotIds(snap)));
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("The snapshot '" + snap + "' does not exist.");
    ec2Error("InvalidSnapshot.NotFound", () -> ec2.deleteSnapshot(b -> b.snapshotId(snap)));
  }

  @Test
  void clientMistakes() {
    var e =
        ec2Error(
            "InvalidVolume.NotFound",
            () -> ec2.createSnapshot(b -> b.volumeId("vol-0123456789abcdef0")));
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("The volume 'vol-0123456789abcdef0' does not exist.");
    ec2Error("InvalidVolumeID.Malformed", () -> ec2.createSnapshot(b -> b.volumeId("disk-1")));
    ec2Error("MissingParameter", () -> ec2.createSnapshot(b -> {}));
    ec2Error(
        "InvalidParameterValue",
        () ->
            ec2.createSnapshot(
                b ->
                    b.volumeId(rootVolume("web-2"))
                        .tagSpecifications(
                            TagSpecification.builder()
                                .resourceType(ResourceType.VOLUME)
                                .tags(Tag.builder().key("a").value("b").build())
                                .build())));
    ec2Error(
        "InvalidSnapshotID.Malformed",
        () -> ec2.describeSnapshots(b -> b.snapshotIds("snapshot-1")));
    ec2Error(
        "InvalidSnapshot.NotFound",
        () -> ec2.describeSnapshots(b -> b.snapshotIds("snap-0123456789abcdef0")));
    ec2Error(
        "DryRunOperation",
        () -> ec2.createSnapshot(b -> b.volumeId(rootVolume("web-2")).dryRun(true)));
  }

  private static List<String> ids(
      java.util.function.Consumer<
              software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest.Builder>
          request) {
    return ec2.describeSnapshots(request).snapshots().stream().map(Snapshot::snapshotId).toList();
  }

  private static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }
}
