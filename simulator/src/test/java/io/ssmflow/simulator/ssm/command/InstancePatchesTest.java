package io.ssmflow.simulator.ssm.command;

import static io.ssmflow.simulator.ssm.command.CommandTesting.await;
import static io.ssmflow.simulator.ssm.command.CommandTesting.errorCode;
import static io.ssmflow.simulator.ssm.command.CommandTesting.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.simulator.TestSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstancePatchState;
import software.amazon.awssdk.services.ssm.model.PatchComplianceData;
import software.amazon.awssdk.services.ssm.model.PatchOrchestratorFilter;

/** DescribeInstancePatches and DescribeInstancePatchStates through the SDK. */
class InstancePatchesTest {
  private static final String SNAPSHOT = "521c3536-930c-4aa9-950e-01234c1a9e1b";
  private static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: web
          tags: {PatchGroup: WebServers}
          mode: simulated
          latency: 10ms
          installedPatches:
            - {id: bash-5.1, classification: Bugfix, severity: Low, title: bash}
          pendingPatches:
            - {id: KB5031356, classification: SecurityUpdates, severity: Critical,
               title: "2023-10 Cumulative Update"}
            - {id: openssl-3.0.2, classification: Security, severity: Important,
               title: openssl}
            - {id: tzdata-2024a, classification: Bugfix, severity: Low, title: tzdata}
        - count: 12
          namePrefix: many
          mode: simulated
          latency: 10ms
          pendingPatches: [p-01, p-02, p-03, p-04, p-05, p-06, p-07, p-08, p-09, p-10, p-11,
            p-12, p-13, p-14, p-15, p-16, p-17, p-18, p-19, p-20, p-21, p-22, p-23, p-24, p-25]
        - name: fresh
          mode: simulated
          pendingPatches: [curl-8.5]
      faults:
        - id: install-breaks
          match: Operation=Install
          instances: [web-3]
          exitCode: 1
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

  private static void patch(String instanceId, String operation) {
    String cid =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunPatchBaseline")
                        .instanceIds(instanceId)
                        .parameters(
                            Map.of(
                                "Operation",
                                List.of(operation),
                                "RebootOption",
                                List.of("NoReboot"),
                                "SnapshotId",
                                List.of(SNAPSHOT))))
            .command()
            .commandId();
    await(ssm, cid);
  }

  private static List<PatchComplianceData> patches(
      String instanceId, PatchOrchestratorFilter... filters) {
    List<PatchComplianceData> out = new ArrayList<>();
    ssm.describeInstancePatchesPaginator(
            b -> b.instanceId(instanceId).filters(filters).maxResults(10))
        .forEach(page -> out.addAll(page.patches()));
    return out;
  }

  private static PatchOrchestratorFilter filter(String key, String... values) {
    return PatchOrchestratorFilter.builder().key(key).values(values).build();
  }

  @Test
  void noComplianceDataBeforeAnyPatchOperation() {
    String fresh = id(sim, "fresh");
    assertThat(patches(fresh)).isEmpty();
    assertThat(ssm.describeInstancePatchStates(b -> b.instanceIds(fresh)).instancePatchStates())
        .isEmpty();
  }

  @Test
  void scanReportsMissingAndInstalledPatchesWithTheirFields() {
    String web2 = id(sim, "web-2");
    patch(web2, "Scan");

    List<PatchComplianceData> all = patches(web2);
    assertThat(all)
        .extracting(PatchComplianceData::kbId)
        .containsExactly("bash-5.1", "KB5031356", "openssl-3.0.2", "tzdata-2024a");
    PatchComplianceData critical = all.get(1);
    assertThat(critical.title()).isEqualTo("2023-10 Cumulative Update");
    assertThat(critical.classification()).isEqualTo("SecurityUpdates");
    assertThat(critical.severity()).isEqualTo("Critical");
    assertThat(critical.stateAsString()).isEqualTo("Missing");
    assertThat(critical.installedTime()).isEqualTo(Instant.EPOCH);
    assertThat(all.get(0).stateAsString()).isEqualTo("Installed");

    assertThat(
            patches(
                web2,
                filter("State", "Missing", "Failed"),
                filter("Severity", "Critical", "Important")))
        .extracting(PatchComplianceData::kbId)
        .containsExactly("KB5031356", "openssl-3.0.2");

    InstancePatchState state =
        ssm.describeInstancePatchStates(b -> b.instanceIds(web2)).instancePatchStates().get(0);
    assertThat(state.instanceId()).isEqualTo(web2);
    assertThat(state.patchGroup()).isEqualTo("WebServers");
    assertThat(state.operationAsString()).isEqualTo("Scan");
    assertThat(state.snapshotId()).isEqualTo(SNAPSHOT);
    assertThat(state.installedCount()).isEqualTo(1);
    assertThat(state.missingCount()).isEqualTo(3);
    assertThat(state.failedCount()).isZero();
    assertThat(state.criticalNonCompliantCount()).isEqualTo(1);
  }

  @Test
  void installMovesPatchesToInstalledWithTheirTime() {
    String web1 = id(sim, "web-1");
    Instant before = Instant.now().minusSeconds(1);
    patch(web1, "Install");

    List<PatchComplianceData> all = patches(web1);
    assertThat(all).allMatch(p -> p.stateAsString().equals("Installed"));
    assertThat(
            all.stream()
                .filter(p -> p.kbId().equals("KB5031356"))
                .findFirst()
                .orElseThrow()
                .installedTime())
        .isAfter(before);
    assertThat(patches(web1, filter("State", "Missing", "Failed"))).isEmpty();
    InstancePatchState state =
        ssm.describeInstancePatchStates(b -> b.instanceIds(web1)).instancePatchStates().get(0);
    assertThat(state.operationAsString()).isEqualTo("Install");
    assertThat(state.installedCount()).isEqualTo(4);
    assertThat(state.missingCount()).isZero();
  }

  @Test
  void aFailedInstallReportsItsPatchesFailed() {
    String web3 = id(sim, "web-3");
    patch(web3, "Install");

    assertThat(patches(web3, filter("State", "Failed")))
        .extracting(PatchComplianceData::kbId)
        .containsExactly("KB5031356", "openssl-3.0.2", "tzdata-2024a");
    InstancePatchState state =
        ssm.describeInstancePatchStates(b -> b.instanceIds(web3)).instancePatchStates().get(0);
    assertThat(state.failedCount()).isEqualTo(3);
    assertThat(state.missingCount()).isZero();
  }

  @Test
  void pagesWithNextToken() {
    String many = id(sim, "many-1");
    patch(many, "Scan");
    var first = ssm.describeInstancePatches(b -> b.instanceId(many).maxResults(10));
    assertThat(first.patches()).hasSize(10);
    assertThat(first.nextToken()).isNotBlank();
    assertThat(patches(many)).hasSize(25);

    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      String id = id(sim, "many-" + i);
      ids.add(id);
      if (i > 1) {
        patch(id, "Scan");
      }
    }
    List<InstancePatchState> states = new ArrayList<>();
    ssm.describeInstancePatchStatesPaginator(b -> b.instanceIds(ids).maxResults(10))
        .forEach(p -> states.addAll(p.instancePatchStates()));
    assertThat(states).hasSize(12).allMatch(s -> s.missingCount() == 25);
  }

  @Test
  void badInputAnswersTheAwsErrors() {
    String web1 = id(sim, "web-1");
    assertThat(
            errorCode(
                () ->
                    ssm.describeInstancePatches(
                        b -> b.instanceId(web1).filters(filter("Bogus", "x")))))
        .isEqualTo("InvalidFilter");
    assertThat(
            errorCode(() -> ssm.describeInstancePatches(b -> b.instanceId("i-0123456789abcdef0"))))
        .isEqualTo("InvalidInstanceId");
    assertThat(
            errorCode(
                () -> ssm.describeInstancePatches(b -> b.instanceId(web1).nextToken("garbage"))))
        .isEqualTo("InvalidNextToken");
    assertThat(errorCode(() -> ssm.describeInstancePatches(b -> b.instanceId(web1).maxResults(5))))
        .isEqualTo("ValidationException");
  }
}
