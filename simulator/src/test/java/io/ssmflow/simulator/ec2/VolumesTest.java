package io.ssmflow.simulator.ec2;

import static io.ssmflow.simulator.ec2.Ec2TestSupport.ec2Error;
import static io.ssmflow.simulator.ec2.Ec2TestSupport.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** DescribeVolumes: the volume shape, ids, filters and paging. */
class VolumesTest {
  private static TestSimulator sim;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() {
    sim =
        TestSimulator.start(
            """
        instances:
          - {count: 12, namePrefix: app, mode: simulated}
          - name: db-1
            mode: simulated
            rootVolumeSize: 20
            volumes: [{device: /dev/sdf, size: 100}, {device: /dev/sdg, size: 50}]
        """);
    ec2 = sim.ec2();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static List<String> ids(Consumer<DescribeVolumesRequest.Builder> request) {
    List<String> ids = new ArrayList<>();
    ec2.describeVolumesPaginator(request).volumes().forEach(v -> ids.add(v.volumeId()));
    return ids;
  }

  private static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }

  @Test
  void rootVolumeHasTheFullShape() {
    Instance db = instance(sim, "db-1");
    Volume v = ec2.describeVolumes(b -> b.volumeIds(db.rootVolume().id())).volumes().get(0);
    assertThat(v.volumeId()).isEqualTo(db.rootVolume().id());
    assertThat(v.size()).isEqualTo(20);
    assertThat(v.availabilityZone()).isEqualTo("us-east-1a");
    assertThat(v.state()).isEqualTo(VolumeState.IN_USE);
    assertThat(v.createTime()).isNotNull();
    assertThat(v.volumeType()).isEqualTo(VolumeType.GP3);
    assertThat(v.iops()).isEqualTo(3000);
    assertThat(v.throughput()).isEqualTo(125);
    assertThat(v.encrypted()).isFalse();
    assertThat(v.multiAttachEnabled()).isFalse();
    assertThat(v.attachments())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.instanceId()).isEqualTo(db.id());
              assertThat(a.volumeId()).isEqualTo(v.volumeId());
              assertThat(a.device()).isEqualTo("/dev/xvda");
              assertThat(a.state()).isEqualTo(VolumeAttachmentState.ATTACHED);
              assertThat(a.attachTime()).isNotNull();
              assertThat(a.deleteOnTermination()).isTrue();
            });
  }

  @Test
  void everyVolumeOnceInAStableOrder() {
    List<String> all = ids(b -> {});
    assertThat(all).hasSize(15).doesNotHaveDuplicates();
    List<String> paged = new ArrayList<>();
    int[] pages = {0};
    ec2.describeVolumesPaginator(b -> b.maxResults(5))
        .forEach(
            p -> {
              pages[0]++;
              p.volumes().forEach(v -> paged.add(v.volumeId()));
            });
    assertThat(pages[0]).isEqualTo(3);
    assertThat(paged).isEqualTo(all);
  }

  @Test
  void filters() {
    Instance db = instance(sim, "db-1");
    assertThat(ids(b -> b.filters(filter("attachment.instance-id", db.id())))).hasSize(3);
    assertThat(
            ids(
                b ->
                    b.filters(
                        filter("attachment.instance-id", db.id()),
                        filter("attachment.device", "/dev/sd?"))))
        .hasSize(2);
    assertThat(ids(b -> b.filters(filter("volume-id", db.rootVolume().id()))))
        .containsExactly(db.rootVolume().id());
    assertThat(ids(b -> b.filters(filter("status", "in-use")))).hasSize(15);
    assertThat(ids(b -> b.filters(filter("status", "available")))).isEmpty();
    assertThat(ids(b -> b.filters(filter("size", "100", "50")))).hasSize(2);
    assertThat(ids(b -> b.filters(filter("attachment.delete-on-termination", "false")))).hasSize(2);
    ec2Error(
        "InvalidParameterValue",
        () -> ec2.describeVolumes(b -> b.filters(filter("attachment.colour", "x"))));
  }

  @Test
  void tagFiltersSeeCreateTags() {
    String volumeId = instance(sim, "app-7").rootVolume().id();
    ec2.createTags(
        b -> b.resources(volumeId).tags(Tag.builder().key("Backup").value("daily").build()));
    assertThat(ids(b -> b.filters(filter("tag:Backup", "daily")))).containsExactly(volumeId);
    assertThat(ids(b -> b.filters(filter("tag-key", "Back*")))).containsExactly(volumeId);
    assertThat(ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0).tags())
        .containsExactly(Tag.builder().key("Backup").value("daily").build());
  }

  @Test
  void unknownAndMalformedIds() {
    var one =
        ec2Error(
            "InvalidVolume.NotFound",
            () -> ec2.describeVolumes(b -> b.volumeIds("vol-0123456789abcdef0")));
    assertThat(one.awsErrorDetails().errorMessage())
        .isEqualTo("The volume 'vol-0123456789abcdef0' does not exist.");
    var bad =
        ec2Error(
            "InvalidVolumeID.Malformed", () -> ec2.describeVolumes(b -> b.volumeIds("vol-xyz")));
    assertThat(bad.awsErrorDetails().errorMessage())
        .isEqualTo("Invalid id: \"vol-xyz\" (expecting \"vol-...\")");
    ec2Error("InvalidParameterValue", () -> ec2.describeVolumes(b -> b.maxResults(4)));
    // Above 500 EC2 answers 500 at most (the AWS CLI always asks for 1000).
    assertThat(ec2.describeVolumes(b -> b.maxResults(1000)).volumes()).hasSize(15);
  }
}
