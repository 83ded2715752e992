package io.ssmflow.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.ActivityTesting;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.temporal.testing.TestActivityEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Target resolution against the simulator's EC2 and SSM through the SDK. */
class FleetActivitiesImplTest {
  private static final String FLEET = """
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

  private static TestSimulator sim;
  private static Map<String, String> ids;
  private TestActivityEnvironment env;
  private FleetActivities fleet;

  @BeforeAll
  static void startSimulator() {
    sim = TestSimulator.start(FLEET);
    ids = ActivityTesting.idsByName(sim);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void setUp() {
    env = ActivityTesting.environment(new FleetActivitiesImpl(sim.ec2(), sim.ssm()));
    fleet = ActivityTesting.stub(env, FleetActivities.class);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void tagsSelectRunningOnlineInstancesAndExplainTheRest() {
    ResolvedTargets r = fleet.resolveTargets(
        TargetSpec.ofTags(Map.of("Application", "shop", "Environment", "staging")));

    assertThat(r.eligible()).containsExactlyElementsOf(
        sorted(ids.get("web-1"), ids.get("web-2"), ids.get("web-3")));
    assertThat(r.skipped()).containsExactlyInAnyOrder(
        new SkippedInstance(ids.get("web-stopped"), "stopped"),
        new SkippedInstance(ids.get("web-lost"), "SSM agent ConnectionLost"),
        new SkippedInstance(ids.get("web-inactive"), "SSM agent Inactive"));
  }

  @Test
  void explicitIdsSkipUnknownOnesAsNotFound() {
    String unknown = "i-0123456789abcdef0";
    ResolvedTargets r = fleet.resolveTargets(TargetSpec.ofInstances(
        List.of(ids.get("prod-1"), unknown, ids.get("web-stopped"), ids.get("web-2"))));

    assertThat(r.eligible()).containsExactlyElementsOf(sorted(ids.get("prod-1"), ids.get("web-2")));
    assertThat(r.skipped()).containsExactlyInAnyOrder(
        new SkippedInstance(unknown, "not found"),
        new SkippedInstance(ids.get("web-stopped"), "stopped"));
  }

  @Test
  void patchGroupMatchesEitherTagKeyOnce() {
    ResolvedTargets r = fleet.resolveTargets(TargetSpec.ofPatchGroup("linux-prod"));

    assertThat(r.eligible()).containsExactlyElementsOf(
        sorted(ids.get("pg-a"), ids.get("pg-b"), ids.get("pg-both")));
    assertThat(r.skipped()).isEmpty();
  }

  @Test
  void largeFleetsPageThroughBothServices() {
    ResolvedTargets r = fleet.resolveTargets(TargetSpec.ofTags(Map.of("Application", "big")));

    assertThat(r.eligible()).hasSize(120).isSorted();
    assertThat(r.skipped()).isEmpty();
  }

  @Test
  void agentGoingOfflineMakesTheInstanceIneligible() {
    String id = ids.get("web-3");
    sim.admin("POST", "/_sim/instances/" + id + "/ping", "{\"status\": \"ConnectionLost\"}");
    try {
      ResolvedTargets r = fleet.resolveTargets(TargetSpec.ofInstances(List.of(id)));
      assertThat(r.eligible()).isEmpty();
      assertThat(r.skipped()).containsExactly(new SkippedInstance(id, "SSM agent ConnectionLost"));
    } finally {
      sim.admin("POST", "/_sim/instances/" + id + "/ping", "{\"status\": \"Online\"}");
    }
  }

  private static List<String> sorted(String... values) {
    List<String> out = new ArrayList<>(List.of(values));
    out.sort(null);
    return out;
  }
}
