package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.errorCode;
import static io.ssmflow.simulator.ssm.command.CommandTesting.id;
import static io.ssmflow.simulator.ssm.command.CommandTesting.lf;
import static io.ssmflow.simulator.ssm.command.CommandTesting.sf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationFilterKey;
import software.amazon.awssdk.services.ssm.model.PingStatus;

/** DescribeInstanceInformation: fields, both filter styles, limits, paging; and reset. */
class DescribeInstanceInformationTest {
  private static final String FLEET =
      """
      instances:
        - count: 12
          namePrefix: web
          tags: {Environment: staging, Role: web}
          mode: simulated
        - name: db-1
          tags: {Environment: production, Role: db}
          mode: simulated
        - name: win-1
          platform: Windows
          tags: {Environment: production}
          mode: simulated
        - name: off-1
          state: stopped
          mode: simulated
        - name: gone-1
          pingStatus: Inactive
          mode: simulated
      """;
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ssm = sim.ssm();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static List<InstanceInformation> all(
      java.util.function.Consumer<
              software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest.Builder>
          request) {
    List<InstanceInformation> out = new ArrayList<>();
    ssm.describeInstanceInformationPaginator(request)
        .forEach(p -> out.addAll(p.instanceInformationList()));
    return out;
  }

  @Test
  void describesEveryManagedInstance() {
    List<InstanceInformation> list = all(b -> {});
    assertThat(list).hasSize(16);
    InstanceInformation web1 = list.get(0);
    assertThat(web1.instanceId()).isEqualTo(id(sim, "web-1"));
    assertThat(web1.pingStatus()).isEqualTo(PingStatus.ONLINE);
    assertThat(web1.agentVersion()).isEqualTo("3.3.0.0");
    assertThat(web1.platformTypeAsString()).isEqualTo("Linux");
    assertThat(web1.platformName()).isEqualTo("Ubuntu");
    assertThat(web1.platformVersion()).isEqualTo("22.04");
    assertThat(web1.resourceTypeAsString()).isEqualTo("EC2Instance");
    assertThat(web1.ipAddress()).startsWith("10.0.");
    assertThat(web1.computerName()).startsWith("ip-10-0-").endsWith(".ec2.internal");
    assertThat(web1.associationStatus()).isEqualTo("Success");
    assertThat(web1.sourceId()).isEqualTo(web1.instanceId());
    assertThat(web1.sourceTypeAsString()).isEqualTo("AWS::EC2::Instance");
    assertThat(web1.lastPingDateTime()).isNotNull();
    InstanceInformation off =
        list.stream()
            .filter(i -> i.instanceId().equals(id(sim, "off-1")))
            .findFirst()
            .orElseThrow();
    assertThat(off.pingStatusAsString()).isEqualTo("ConnectionLost");
  }

  @Test
  void pagesTenAtATimeByDefault() {
    var first = ssm.describeInstanceInformation(b -> {});
    assertThat(first.instanceInformationList()).hasSize(10);
    assertThat(first.nextToken()).isNotNull();
    var second = ssm.describeInstanceInformation(b -> b.nextToken(first.nextToken()));
    assertThat(second.instanceInformationList()).hasSize(6);
    assertThat(second.nextToken()).isNull();
    assertThat(ssm.describeInstanceInformation(b -> b.maxResults(5)).instanceInformationList())
        .hasSize(5);
    assertThat(errorCode(() -> ssm.describeInstanceInformation(b -> b.maxResults(4))))
        .isEqualTo("ValidationException");
    assertThat(errorCode(() -> ssm.describeInstanceInformation(b -> b.maxResults(51))))
        .isEqualTo("ValidationException");
    assertThat(errorCode(() -> ssm.describeInstanceInformation(b -> b.nextToken("x"))))
        .isEqualTo("InvalidNextToken");
  }

  @Test
  void filtersByTagsPingStatusPlatformAndIds() {
    assertThat(all(b -> b.filters(sf("tag:Environment", "production"))))
        .extracting(InstanceInformation::instanceId)
        .containsExactly(id(sim, "db-1"), id(sim, "win-1"));
    assertThat(all(b -> b.filters(sf("tag:Role", "web"), sf("tag-key", "Environment"))))
        .hasSize(12);
    assertThat(all(b -> b.filters(sf("PingStatus", "ConnectionLost", "Inactive"))))
        .extracting(InstanceInformation::instanceId)
        .containsExactly(id(sim, "off-1"), id(sim, "gone-1"));
    assertThat(all(b -> b.filters(sf("PlatformTypes", "Windows"))))
        .singleElement()
        .extracting(InstanceInformation::instanceId)
        .isEqualTo(id(sim, "win-1"));
    assertThat(
            all(
                b ->
                    b.instanceInformationFilterList(
                        lf(InstanceInformationFilterKey.INSTANCE_IDS, id(sim, "web-3")))))
        .singleElement()
        .extracting(InstanceInformation::instanceId)
        .isEqualTo(id(sim, "web-3"));
    assertThat(
            all(
                b ->
                    b.instanceInformationFilterList(
                        lf(InstanceInformationFilterKey.PING_STATUS, "Online"))))
        .hasSize(14);
  }

  @Test
  void rejectsMixedAndUnknownFilters() {
    assertThat(
            errorCode(
                () ->
                    ssm.describeInstanceInformation(
                        b ->
                            b.filters(sf("PingStatus", "Online"))
                                .instanceInformationFilterList(
                                    lf(InstanceInformationFilterKey.PING_STATUS, "Online")))))
        .isEqualTo("ValidationException");
    assertThat(
            errorCode(
                () ->
                    ssm.describeInstanceInformation(
                        b -> b.filters(sf("tag:Role", "web"), sf("PingStatus", "Online")))))
        .isEqualTo("ValidationException");
    assertThat(
            errorCode(() -> ssm.describeInstanceInformation(b -> b.filters(sf("Colour", "blue")))))
        .isEqualTo("InvalidFilterKey");
    assertThat(
            errorCode(
                () ->
                    ssm.describeInstanceInformation(b -> b.filters(sf("PingStatus", "Sleeping")))))
        .isEqualTo("InvalidInstanceInformationFilterValue");
    assertThat(
            errorCode(
                () ->
                    ssm.describeInstanceInformation(b -> b.filters(sf("InstanceIds", "server-1")))))
        .isEqualTo("InvalidInstanceId");
  }

  @Test
  void resetForgetsCommands() {
    try (TestSimulator other = TestSimulator.start(FLEET)) {
      String cid = CommandTesting.shell(other.ssm(), List.of(id(other, "web-1")), "true");
      CommandTesting.await(other.ssm(), cid);
      other.admin("POST", "/_sim/reset");
      assertThat(other.ssm().listCommands(b -> {}).commands()).isEmpty();
      assertThat(errorCode(() -> other.ssm().listCommandInvocations(b -> b.commandId(cid))))
          .isEqualTo("InvalidCommandId");
      assertThat(other.admin("GET", "/_sim/commands").get("retainedCommands").asInt()).isZero();
      assertThat(UUID.fromString(cid)).isNotNull();
    }
  }
}
