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
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.AttachmentStatus;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DeviceType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HypervisorType;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.MonitoringState;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Tenancy;
import software.amazon.awssdk.services.ec2.model.VirtualizationType;

/** DescribeInstances over a fleet of 120: the instance shape, filters, ids and paging. */
class DescribeInstancesTest {
  private static final String FLEET =
      """
      instances:
        - count: 50
          namePrefix: web
          tags: {Application: shop, Environment: staging}
          mode: simulated
        - count: 40
          namePrefix: batch
          tags: {Application: batch, Environment: production}
          instanceType: m5.large
          mode: simulated
        - count: 25
          namePrefix: win
          platform: Windows
          tags: {Environment: production, Role: iis}
          mode: simulated
        - count: 5
          namePrefix: old
          state: stopped
          tags: {Environment: staging}
          mode: simulated
      """;

  private static TestSimulator sim;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ec2 = sim.ec2();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static List<String> ids(DescribeInstancesResponse r) {
    return r.reservations().stream()
        .flatMap(res -> res.instances().stream())
        .map(software.amazon.awssdk.services.ec2.model.Instance::instanceId)
        .toList();
  }

  private static List<String> names(Consumer<DescribeInstancesRequest.Builder> request) {
    List<String> names = new ArrayList<>();
    ec2.describeInstancesPaginator(request)
        .reservations()
        .forEach(
            r ->
                r.instances()
                    .forEach(
                        i ->
                            names.add(
                                i.tags().stream()
                                    .filter(t -> t.key().equals("Name"))
                                    .findFirst()
                                    .map(Tag::value)
                                    .orElseThrow())));
    return names;
  }

  private static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }

  @Test
  void answersEveryInstanceInFleetOrderOneReservationEach() {
    DescribeInstancesResponse r = ec2.describeInstances();
    assertThat(r.reservations())
        .hasSize(120)
        .allSatisfy(
            res -> {
              assertThat(res.instances()).hasSize(1);
              assertThat(res.ownerId()).isEqualTo("123456789012");
              assertThat(res.reservationId()).matches("r-[0-9a-f]{17}");
            });
    assertThat(ids(r))
        .isEqualTo(sim.simulator().fleet().instances().stream().map(Instance::id).toList());
    assertThat(r.nextToken()).isNull();
  }

  @Test
  void runningLinuxInstanceHasTheFullShape() {
    Instance fleetWeb = instance(sim, "web-3");
    var i =
        ec2.describeInstances(b -> b.instanceIds(fleetWeb.id()))
            .reservations()
            .get(0)
            .instances()
            .get(0);
    assertThat(i.instanceId()).isEqualTo(fleetWeb.id());
    assertThat(i.imageId()).matches("ami-[0-9a-f]{17}");
    assertThat(i.state().code()).isEqualTo(16);
    assertThat(i.state().name()).isEqualTo(InstanceStateName.RUNNING);
    assertThat(i.privateIpAddress()).isEqualTo(fleetWeb.privateIpAddress());
    assertThat(i.privateDnsName())
        .isEqualTo("ip-" + fleetWeb.privateIpAddress().replace('.', '-') + ".ec2.internal");
    assertThat(i.instanceType()).isEqualTo(InstanceType.T3_MICRO);
    assertThat(i.launchTime())
        .isEqualTo(fleetWeb.launchTime().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(i.placement().availabilityZone()).isEqualTo("us-east-1a");
    assertThat(i.placement().tenancy()).isEqualTo(Tenancy.DEFAULT);
    assertThat(i.platform()).isNull();
    assertThat(i.platformDetails()).isEqualTo("Linux/UNIX");
    assertThat(i.architecture()).isEqualTo(ArchitectureValues.X86_64);
    assertThat(i.rootDeviceType()).isEqualTo(DeviceType.EBS);
    assertThat(i.rootDeviceName()).isEqualTo("/dev/xvda");
    assertThat(i.hypervisor()).isEqualTo(HypervisorType.XEN);
    assertThat(i.virtualizationType()).isEqualTo(VirtualizationType.HVM);
    assertThat(i.monitoring().state()).isEqualTo(MonitoringState.DISABLED);
    assertThat(i.stateReason()).isNull();
    assertThat(i.stateTransitionReason()).isEmpty();
    assertThat(i.blockDeviceMappings())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.deviceName()).isEqualTo("/dev/xvda");
              assertThat(m.ebs().volumeId()).isEqualTo(fleetWeb.rootVolume().id());
              assertThat(m.ebs().status()).isEqualTo(AttachmentStatus.ATTACHED);
              assertThat(m.ebs().attachTime()).isNotNull();
              assertThat(m.ebs().deleteOnTermination()).isTrue();
            });
    assertThat(i.tags())
        .contains(
            Tag.builder().key("Name").value("web-3").build(),
            Tag.builder().key("Environment").value("staging").build());
    assertThat(i.networkInterfaces())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.privateIpAddress()).isEqualTo(fleetWeb.privateIpAddress());
              assertThat(n.networkInterfaceId()).matches("eni-[0-9a-f]{17}");
            });
    assertThat(i.vpcId()).matches("vpc-[0-9a-f]{17}");
    assertThat(i.subnetId()).matches("subnet-[0-9a-f]{17}");
  }

  @Test
  void windowsAndStoppedInstancesSaySo() {
    var win =
        ec2.describeInstances(b -> b.instanceIds(instance(sim, "win-1").id()))
            .reservations()
            .get(0)
            .instances()
            .get(0);
    assertThat(win.platformAsString()).isEqualTo("windows");
    assertThat(win.platformDetails()).isEqualTo("Windows");
    var old =
        ec2.describeInstances(b -> b.instanceIds(instance(sim, "old-2").id()))
            .reservations()
            .get(0)
            .instances()
            .get(0);
    assertThat(old.state().code()).isEqualTo(80);
    assertThat(old.state().name()).isEqualTo(InstanceStateName.STOPPED);
    assertThat(old.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
    assertThat(old.stateTransitionReason()).startsWith("User initiated (");
  }

  @Test
  void paginatorWalksEveryPageWithoutGapsOrDuplicates() {
    List<DescribeInstancesResponse> pages = new ArrayList<>();
    ec2.describeInstancesPaginator(b -> b.maxResults(7)).forEach(pages::add);
    assertThat(pages).hasSize(18);
    assertThat(pages.subList(0, 17))
        .allSatisfy(
            p -> {
              assertThat(p.reservations()).hasSize(7);
              assertThat(p.nextToken()).isNotNull();
            });
    assertThat(pages.get(17).reservations()).hasSize(1);
    assertThat(pages.get(17).nextToken()).isNull();
    assertThat(pages.stream().flatMap(p -> ids(p).stream()).toList())
        .isEqualTo(sim.simulator().fleet().instances().stream().map(Instance::id).toList());
  }

  @Test
  void pagingAppliesAfterFilters() {
    List<String> staging =
        names(b -> b.maxResults(5).filters(filter("tag:Environment", "staging")));
    assertThat(staging)
        .hasSize(55)
        .doesNotHaveDuplicates()
        .allMatch(n -> n.startsWith("web-") || n.startsWith("old-"));
  }

  @Test
  void tagFiltersMatchKeyValueAndWildcards() {
    assertThat(names(b -> b.filters(filter("tag:Environment", "staging")))).hasSize(55);
    assertThat(names(b -> b.filters(filter("tag:Name", "web-1*"))))
        .containsExactly(
            "web-1", "web-10", "web-11", "web-12", "web-13", "web-14", "web-15", "web-16", "web-17",
            "web-18", "web-19");
    assertThat(names(b -> b.filters(filter("tag:Name", "web-?")))).hasSize(9);
    assertThat(names(b -> b.filters(filter("tag-key", "Ro*")))).hasSize(25);
    assertThat(names(b -> b.filters(filter("tag-value", "iis")))).hasSize(25);
    assertThat(names(b -> b.filters(filter("tag:Missing", "*")))).isEmpty();
    assertThat(names(b -> b.filters(filter("tag:Environment", "Staging")))).isEmpty();
  }

  @Test
  void valuesAreOredAndFiltersAnded() {
    assertThat(names(b -> b.filters(filter("tag:Application", "shop", "batch")))).hasSize(90);
    assertThat(
            names(
                b ->
                    b.filters(
                        filter("tag:Application", "shop", "batch"),
                        filter("instance-type", "m5.large"))))
        .hasSize(40)
        .allMatch(n -> n.startsWith("batch"));
    assertThat(
            names(
                b ->
                    b.filters(
                        filter("tag:Environment", "production"), filter("platform", "windows"))))
        .hasSize(25);
  }

  @Test
  void instanceAttributeFilters() {
    Instance web3 = instance(sim, "web-3");
    assertThat(names(b -> b.filters(filter("instance-state-name", "stopped"))))
        .containsExactly("old-1", "old-2", "old-3", "old-4", "old-5");
    assertThat(names(b -> b.filters(filter("instance-state-name", "running")))).hasSize(115);
    assertThat(
            names(b -> b.filters(filter("instance-id", web3.id(), instance(sim, "batch-7").id()))))
        .containsExactly("web-3", "batch-7");
    assertThat(names(b -> b.filters(filter("instance-type", "t3.micro")))).hasSize(80);
    assertThat(names(b -> b.filters(filter("private-ip-address", web3.privateIpAddress()))))
        .containsExactly("web-3");
    assertThat(names(b -> b.filters(filter("platform", "windows"))))
        .hasSize(25)
        .allMatch(n -> n.startsWith("win-"));
    assertThat(names(b -> b.filters(filter("availability-zone", "us-east-1a")))).hasSize(120);
    assertThat(names(b -> b.filters(filter("availability-zone", "us-east-1b")))).isEmpty();
    assertThat(
            names(b -> b.filters(filter("block-device-mapping.volume-id", web3.rootVolume().id()))))
        .containsExactly("web-3");
  }

  @Test
  void filtersCombineWithInstanceIds() {
    List<Reservation> r =
        ec2.describeInstances(
                b ->
                    b.instanceIds(instance(sim, "web-1").id(), instance(sim, "old-1").id())
                        .filters(filter("instance-state-name", "stopped")))
            .reservations();
    assertThat(r)
        .singleElement()
        .satisfies(
            res ->
                assertThat(res.instances().get(0).instanceId())
                    .isEqualTo(instance(sim, "old-1").id()));
  }

  @Test
  void unknownFilterIsInvalidParameterValue() {
    var e =
        ec2Error(
            "InvalidParameterValue",
            () -> ec2.describeInstances(b -> b.filters(filter("colour", "blue"))));
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The filter 'colour' is invalid");
  }

  @Test
  void unknownAndMalformedIds() {
    var one =
        ec2Error(
            "InvalidInstanceID.NotFound",
            () -> ec2.describeInstances(b -> b.instanceIds("i-0123456789abcdef0")));
    assertThat(one.awsErrorDetails().errorMessage())
        .isEqualTo("The instance ID 'i-0123456789abcdef0' does not exist");
    var two =
        ec2Error(
            "InvalidInstanceID.NotFound",
            () ->
                ec2.describeInstances(
                    b ->
                        b.instanceIds(
                            instance(sim, "web-1").id(),
                            "i-0123456789abcdef0",
                            "i-0123456789abcdef1")));
    assertThat(two.awsErrorDetails().errorMessage())
        .isEqualTo("The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist");
    var bad =
        ec2Error(
            "InvalidInstanceID.Malformed",
            () -> ec2.describeInstances(b -> b.instanceIds("i-nothex")));
    assertThat(bad.awsErrorDetails().errorMessage()).isEqualTo("Invalid id: \"i-nothex\"");
  }

  @Test
  void maxResultsIsBoundedAndExcludesInstanceIds() {
    ec2Error(
        "InvalidParameterCombination",
        () -> ec2.describeInstances(b -> b.instanceIds(instance(sim, "web-1").id()).maxResults(5)));
    ec2Error("InvalidParameterValue", () -> ec2.describeInstances(b -> b.maxResults(4)));
    ec2Error("InvalidParameterValue", () -> ec2.describeInstances(b -> b.maxResults(1001)));
    ec2Error(
        "InvalidPaginationToken",
        () -> ec2.describeInstances(b -> b.maxResults(5).nextToken("not-a-token")));
  }
}
