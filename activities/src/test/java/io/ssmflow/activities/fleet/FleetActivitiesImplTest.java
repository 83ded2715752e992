package io.ssmflow.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Target resolution against the simulator's EC2 and SSM through the SDK. */
class FleetActivitiesImplTest {
  private static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: web
          tags: {Application: shop, Environment: staging}
          mode: simulated
        - name: web-stopped
          tags: {Application: shop, Environment: staging}
          state: stopped
          mode: simulated
        - name: web-lost
          tags: {Application: shop, Environment: staging}
          pingStatus: ConnectionLost
          mode: simulated
        - name: web-inactive
          tags: {Application: shop, Environment: staging}
          pingStatus: Inactive
          mode: simulated
        - name: prod-1
          tags: {Application: shop, Environment: prod}
          mode: simulated
        - name: pg-a
          tags: {PatchGroup: linux-prod}
          mode: simulated
        - name: pg-b
          tags: {"Patch Group": linux-prod}
          mode: simulated
        - name: pg-both
          tags: {PatchGroup: linux-prod, "Patch Group": linux-prod}
          mode: simulated
        - name: pg-other
          tags: {PatchGroup: other}
          mode: simulated
        - count: 120
          namePrefix: big
          tags: {Application: big}
          mode: simulated
      """;

  @RegisterExtension
  static final SimulatorFixture<FleetActivities> FIXTURE =
      new SimulatorFixture<>(
          FLEET, FleetActivities.class, sim -> new FleetActivitiesImpl(sim.ec2(), sim.ssm()));

  @Test
  void tagsSelectRunningOnlineInstancesAndExplainTheRest() {
    ResolvedTargets r =
        FIXTURE
            .activities()
            .resolveTargets(
                TargetSpec.ofTags(Map.of("Application", "shop", "Environment", "staging")));

    assertThat(r.eligible())
        .containsExactlyElementsOf(
            sorted(FIXTURE.id("web-1"), FIXTURE.id("web-2"), FIXTURE.id("web-3")));
    assertThat(r.skipped())
        .containsExactlyInAnyOrder(
            new SkippedInstance(FIXTURE.id("web-stopped"), "stopped"),
            new SkippedInstance(FIXTURE.id("web-lost"), "SSM agent ConnectionLost"),
            new SkippedInstance(FIXTURE.id("web-inactive"), "SSM agent Inactive"));
  }

  @Test
  void explicitIdsSkipUnknownOnesAsNotFound() {
    String unknown = "i-0123456789abcdef0";
    ResolvedTargets r =
        FIXTURE
            .activities()
            .resolveTargets(
                TargetSpec.ofInstances(
                    List.of(
                        FIXTURE.id("prod-1"),
                        unknown,
                        FIXTURE.id("web-stopped"),
                        FIXTURE.id("web-2"))));

    assertThat(r.eligible())
        .containsExactlyElementsOf(sorted(FIXTURE.id("prod-1"), FIXTURE.id("web-2")));
    assertThat(r.skipped())
        .containsExactlyInAnyOrder(
            new SkippedInstance(unknown, "not found"),
            new SkippedInstance(FIXTURE.id("web-stopped"), "stopped"));
  }

  @Test
  void patchGroupMatchesEitherTagKeyOnce() {
    ResolvedTargets r = FIXTURE.activities().resolveTargets(TargetSpec.ofPatchGroup("linux-prod"));

    assertThat(r.eligible())
        .containsExactlyElementsOf(
            sorted(FIXTURE.id("pg-a"), FIXTURE.id("pg-b"), FIXTURE.id("pg-both")));
    assertThat(r.skipped()).isEmpty();
  }

  @Test
  void largeFleetsPageThroughBothServices() {
    ResolvedTargets r =
        FIXTURE.activities().resolveTargets(TargetSpec.ofTags(Map.of("Application", "big")));

    assertThat(r.eligible()).hasSize(120).isSorted();
    assertThat(r.skipped()).isEmpty();
  }

  @Test
  void theSdksXmlIsParsedByWoodstox() {
    // EC2's answers are XML: 39 MB at 10,000 instances. The SDK takes the StAX parser the
    // classpath offers; with the JDK's own a cold resolve of 10,000 took 1.16x as long
    // (bench/RESULTS.md).
    assertThat(javax.xml.stream.XMLInputFactory.newInstance().getClass().getName())
        .startsWith("com.ctc.wstx.");
  }

  @Test
  void agentStatusesAreReadFiftyInstancesAPage() {
    FIXTURE.sim().simulator().stats().reset();
    FIXTURE.activities().resolveTargets(TargetSpec.ofTags(Map.of("Application", "big")));

    // 120 instances: three chunks of at most 50 ids, one page each (SSM's default page is 10).
    assertThat(FIXTURE.sim().simulator().stats().snapshot().calls())
        .containsEntry("ssm:DescribeInstanceInformation", 3L);
  }

  @Test
  void agentGoingOfflineMakesTheInstanceIneligible() {
    String id = FIXTURE.id("web-3");
    FIXTURE
        .sim()
        .admin("POST", "/_sim/instances/" + id + "/ping", "{\"status\": \"ConnectionLost\"}");
    try {
      ResolvedTargets r = FIXTURE.activities().resolveTargets(TargetSpec.ofInstances(List.of(id)));
      assertThat(r.eligible()).isEmpty();
      assertThat(r.skipped()).containsExactly(new SkippedInstance(id, "SSM agent ConnectionLost"));
    } finally {
      FIXTURE.sim().admin("POST", "/_sim/instances/" + id + "/ping", "{\"status\": \"Online\"}");
    }
  }

  private static List<String> sorted(String... values) {
    List<String> out = new ArrayList<>(List.of(values));
    out.sort(null);
    return out;
  }
}
