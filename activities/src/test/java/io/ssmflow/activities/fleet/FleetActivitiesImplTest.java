package io.ssmflow.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleet.TargetPage;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.temporal.failure.ApplicationFailure;
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
  void pagesTogetherGiveWhatTheWholeResolutionGives() {
    FleetActivitiesImpl paged =
        FleetActivitiesImpl.withPageSize(FIXTURE.sim().ec2(), FIXTURE.sim().ssm(), 50);
    List<String> many = new ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      many.add(FIXTURE.id("big-" + i));
    }
    many.add("i-0123456789abcdef0");
    many.add(FIXTURE.id("web-lost"));
    List<TargetSpec> specs =
        List.of(
            TargetSpec.ofTags(Map.of("Application", "big")),
            TargetSpec.ofTags(Map.of("Application", "shop", "Environment", "staging")),
            TargetSpec.ofPatchGroup("linux-prod"),
            TargetSpec.ofInstances(many));
    List<Integer> pages = new ArrayList<>();
    for (TargetSpec spec : specs) {
      ResolvedTargets whole = FIXTURE.activities().resolveTargets(spec);
      List<String> eligible = new ArrayList<>();
      Map<String, String> skipped = new java.util.TreeMap<>();
      String cursor = null;
      int n = 0;
      do {
        TargetPage page = paged.resolveTargetsPage(spec, cursor, 1_000);
        n++;
        assertThat(page.eligible()).isSorted();
        page.eligible().stream().filter(id -> !eligible.contains(id)).forEach(eligible::add);
        page.skipped().forEach(s -> skipped.putIfAbsent(s.instanceId(), s.reason()));
        cursor = page.next();
      } while (cursor != null && n < 100);
      pages.add(n);
      assertThat(eligible.stream().sorted().toList()).isEqualTo(whole.eligible());
      Map<String, String> wholeSkipped = new java.util.TreeMap<>();
      whole.skipped().forEach(s -> wholeSkipped.put(s.instanceId(), s.reason()));
      assertThat(skipped).isEqualTo(wholeSkipped);
    }
    // 120 instances in pages of 50; one page; a patch group's two tag keys; 122 ids in 3 chunks.
    assertThat(pages).containsExactly(3, 1, 2, 3);
  }

  @Test
  void aFirstPageCanBeSmallerThanTheRest() {
    TargetSpec big = TargetSpec.ofTags(Map.of("Application", "big"));
    TargetPage first = FIXTURE.activities().resolveTargetsPage(big, null, 7);
    TargetPage second = FIXTURE.activities().resolveTargetsPage(big, first.next(), 1_000);

    assertThat(first.eligible()).hasSize(7);
    assertThat(second.eligible()).hasSize(113).doesNotContainAnyElementsOf(first.eligible());
    assertThat(second.next()).isNull();
    // EC2's MaxResults is 5 to 1,000: a smaller ask is raised to 5.
    assertThat(FIXTURE.activities().resolveTargetsPage(big, null, 1).eligible()).hasSize(5);
  }

  @Test
  void aCursorOfOtherTargetsIsRefused() {
    FleetActivitiesImpl paged =
        FleetActivitiesImpl.withPageSize(FIXTURE.sim().ec2(), FIXTURE.sim().ssm(), 50);
    TargetSpec tags = TargetSpec.ofTags(Map.of("Application", "big"));
    for (String cursor : List.of("1:", "x", "-1:abc")) {
      assertThatThrownBy(() -> paged.resolveTargetsPage(tags, cursor, 1_000))
          .isInstanceOf(ApplicationFailure.class)
          .hasMessageContaining("not a page cursor of these targets")
          .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());
    }
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
