package io.ssmflow.simulator.ec2;

import static io.ssmflow.simulator.ec2.Ec2TestSupport.ec2Error;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.Instance;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/** CreateTags and DeleteTags on instances (the fleet's own tags), volumes and snapshots. */
class TagsTest {
  private static TestSimulator sim;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() {
    sim =
        TestSimulator.start(
            """
        instances:
          - {count: 3, namePrefix: web, mode: simulated, tags: {Environment: staging}}
        """);
    ec2 = sim.ec2();
    sim.admin("POST", "/_sim/ec2/knobs", "{\"snapshotInterval\": \"0ms\"}");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static Map<String, String> describedTags(String instanceId) {
    return ec2
        .describeInstances(b -> b.instanceIds(instanceId))
        .reservations()
        .get(0)
        .instances()
        .get(0)
        .tags()
        .stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  @Test
  void instanceTagsAreTheFleetsTags() {
    Instance web = instance(sim, "web-1");
    ec2.createTags(b -> b.resources(web.id()).tags(tag("Owner", "alice"), tag("Tier", "")));
    assertThat(web.tags()).containsEntry("Owner", "alice").containsEntry("Tier", "");
    assertThat(describedTags(web.id())).containsEntry("Owner", "alice");
    assertThat(
            ec2.describeInstances(
                    b -> b.filters(Filter.builder().name("tag:Owner").values("alice").build()))
                .reservations())
        .hasSize(1);

    ec2.createTags(b -> b.resources(web.id()).tags(tag("Owner", "bob")));
    assertThat(web.tags()).containsEntry("Owner", "bob");
  }

  @Test
  void deleteTagsHonoursValues() {
    Instance web = instance(sim, "web-2");
    ec2.createTags(b -> b.resources(web.id()).tags(tag("A", "1"), tag("B", "2"), tag("C", "3")));
    // A value that does not match leaves the tag; no value deletes it whatever its value.
    ec2.deleteTags(
        b -> b.resources(web.id()).tags(tag("A", "other"), Tag.builder().key("B").build()));
    assertThat(web.tags()).containsEntry("A", "1").doesNotContainKey("B").containsEntry("C", "3");
    ec2.deleteTags(b -> b.resources(web.id()).tags(tag("A", "1")));
    assertThat(web.tags()).doesNotContainKey("A");
  }

  @Test
  void deleteTagsWithoutTagsDeletesThemAll() {
    Instance web = instance(sim, "web-3");
    ec2.deleteTags(b -> b.resources(web.id()));
    assertThat(web.tags()).isEmpty();
    assertThat(
            ec2.describeInstances(b -> b.instanceIds(web.id()))
                .reservations()
                .get(0)
                .instances()
                .get(0)
                .tags())
        .isEmpty();
  }

  @Test
  void volumesAndSnapshotsTakeTagsInOneCall() {
    Instance web = instance(sim, "web-1");
    String volumeId = web.rootVolume().id();
    String snapshotId = ec2.createSnapshot(b -> b.volumeId(volumeId)).snapshotId();
    ec2.createTags(b -> b.resources(web.id(), volumeId, snapshotId).tags(tag("Release", "42")));
    assertThat(web.tags()).containsEntry("Release", "42");
    assertThat(ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0).tags())
        .containsExactly(tag("Release", "42"));
    assertThat(ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().get(0).tags())
        .containsExactly(tag("Release", "42"));

    ec2.deleteTags(b -> b.resources(volumeId, snapshotId).tags(tag("Release", "42")));
    assertThat(ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0).tags()).isEmpty();
    assertThat(ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().get(0).tags())
        .isEmpty();
  }

  @Test
  void anUnknownResourceFailsTheWholeCall() {
    Instance web = instance(sim, "web-1");
    var e =
        ec2Error(
            "InvalidInstanceID.NotFound",
            () ->
                ec2.createTags(
                    b -> b.resources(web.id(), "i-0123456789abcdef0").tags(tag("Lost", "yes"))));
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("The instance ID 'i-0123456789abcdef0' does not exist");
    assertThat(web.tags()).doesNotContainKey("Lost");
    ec2Error(
        "InvalidVolume.NotFound",
        () -> ec2.createTags(b -> b.resources("vol-0123456789abcdef0").tags(tag("a", "b"))));
    ec2Error(
        "InvalidSnapshot.NotFound",
        () -> ec2.createTags(b -> b.resources("snap-0123456789abcdef0").tags(tag("a", "b"))));
    var invalid =
        ec2Error(
            "InvalidID",
            () -> ec2.createTags(b -> b.resources("sg-0123456789abcdef0").tags(tag("a", "b"))));
    assertThat(invalid.awsErrorDetails().errorMessage())
        .isEqualTo("The ID 'sg-0123456789abcdef0' is not valid");
    ec2Error("InvalidInstanceID.Malformed", () -> ec2.deleteTags(b -> b.resources("i-12")));
  }

  @Test
  void tagRules() {
    Instance web = instance(sim, "web-1");
    ec2Error(
        "InvalidParameterValue",
        () ->
            ec2.createTags(
                b -> b.resources(web.id()).tags(tag("aws:cloudformation:stack-name", "x"))));
    ec2Error(
        "InvalidParameterValue",
        () -> ec2.createTags(b -> b.resources(web.id()).tags(tag("k".repeat(129), "x"))));
    ec2Error("MissingParameter", () -> ec2.createTags(b -> b.resources(web.id())));
    ec2Error("MissingParameter", () -> ec2.createTags(b -> b.tags(tag("a", "b"))));
    Tag[] tooMany = IntStream.range(0, 51).mapToObj(i -> tag("k" + i, "v")).toArray(Tag[]::new);
    ec2Error("TagLimitExceeded", () -> ec2.createTags(b -> b.resources(web.id()).tags(tooMany)));
  }
}
