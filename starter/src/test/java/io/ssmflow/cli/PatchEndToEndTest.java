package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.simulator.TestSandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssmflow patch} end to end on the embedded dev stack (test server, simulator with
 * shell-mode instances, an in-process worker): a patch group that matches nothing, a Scan report, a
 * production run aborted by its health check, then an Install where one instance fails its
 * validation after patching and is restored from its pre-patch snapshot, checked on the instances'
 * sandboxes; last, status and cancel of a running patch run. The order matters: the Scan and the
 * abort run before the Install.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatchEndToEndTest {
  static final String GROUP = "AppServers";
  static final String CHECK = "e2e-patch-check";
  static final String VALIDATION = "test -s /opt/app/VERSION && echo " + CHECK;
  static final String INSTALLED_LIST = "/var/lib/ssmflow-sim/installed-patches";
  static final String MARKER = "/opt/app/marker";
  static final String FLEET =
      """
      instances:
        - count: 3
          namePrefix: app-patch
          mode: shell
          tags: {Application: app, Environment: test, PatchGroup: AppServers}
          files: {/opt/app/VERSION: "1.0.0\\n"}
          pendingPatches:
            - {id: openssl-3.0.13, classification: Security, severity: Critical}
            - {id: bash-5.2.21, classification: Bugfix, severity: Medium}
        - name: app-patch-broken
          mode: shell
          tags: {Application: app, Environment: test, PatchGroup: AppServers}
          files: {/opt/app/VERSION: "1.0.0\\n"}
          pendingPatches:
            - {id: openssl-3.0.13, classification: Security, severity: Critical}
            - {id: bash-5.2.21, classification: Bugfix, severity: Medium}
          faults:
            - match: e2e-patch-check
              afterPatch: true
              times: 1
              exitCode: 1
              stderr: "app does not start after patching"
        - name: app-patch-offline
          mode: shell
          pingStatus: ConnectionLost
          tags: {Application: app, Environment: test, PatchGroup: AppServers}
      """;

  @TempDir static Path state;
  static DevStack stack;
  static Map<String, String> env;
  static String brokenId;
  static String offlineId;

  @BeforeAll
  static void start() throws Exception {
    stack =
        DevStack.start(
            new DevStack.Options(0, 0, null, FLEET, state, "default", "patch-e2e")
                .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded()));
    env = stack.exports();
    brokenId =
        SimHttp.admin(stack, "GET", "/_sim/instances/app-patch-broken", null).get("id").asText();
    offlineId =
        SimHttp.admin(stack, "GET", "/_sim/instances/app-patch-offline", null).get("id").asText();
    SimHttp.admin(
        stack,
        "POST",
        "/_sim/ec2/knobs",
        "{\"snapshotDuration\": \"200ms\","
            + " \"replaceRootDuration\": \"200ms\", \"stateChangeDuration\": \"100ms\"}");
    SimHttp.admin(stack, "POST", "/_sim/commands/settings", "{\"rebootDuration\": \"200ms\"}");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void aPatchGroupThatMatchesNothingChangesNothing() throws Exception {
    int snapshots = snapshots().size();
    CliRun run = CliRun.run(env, "patch", "--patch-group", "Nobody", "--env", "test", "--wait");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("started patch-install-nobody-test (run ")
        .contains("patch-install-nobody-test: NO_TARGETS");
    assertThat(snapshots()).hasSize(snapshots);
  }

  @Test
  @Order(2)
  void planPrintsTargetsStepsAndSkippedInstancesAndStartsNothing() throws Exception {
    CliRun plan =
        CliRun.run(
            env,
            "patch",
            "--patch-group",
            GROUP,
            "--env",
            "test",
            "--validation-command",
            VALIDATION,
            "--waves",
            "1,100%",
            "--bake",
            "1m",
            "--plan");
    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("plan: patch Install (nothing started)")
        .contains("4 eligible, 1 skipped")
        .contains("skipped " + offlineId)
        .contains("wave 1 (1): ")
        .contains("wave 2 (3): ")
        .contains("bake 60 s")
        .contains("AWS-RunPatchBaseline Operation=Install RebootOption=RebootIfNeeded")
        .contains("validate (AWS-RunShellScript): " + VALIDATION)
        .contains("restore: CreateReplaceRootVolumeTask");
    CliRun json =
        CliRun.run(
            env, "patch", "--patch-group", GROUP, "--env", "test", "--plan", "--output", "json");
    assertThat(json.exit()).as(json.err()).isZero();
    assertThat(Json.MAPPER.readTree(json.out()).get("eligible")).hasSize(4);
    for (String id : List.of(brokenId)) {
      assertThat(SimHttp.file(stack, id, INSTALLED_LIST))
          .as("nothing installed by a plan")
          .isNull();
    }
  }

  @Test
  @Order(2)
  void scanReportsMissingPatchesAndChangesNothing() throws Exception {
    CliRun run =
        CliRun.run(
            env,
            "patch",
            "--patch-group",
            GROUP,
            "--env",
            "test",
            "--operation",
            "Scan",
            "--max-concurrency",
            "100%",
            "--wait",
            "--output",
            "json");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonNode doc = Json.MAPPER.readTree(run.out());
    assertThat(doc.get("workflowId").asText()).isEqualTo("patch-scan-appservers-test");
    JsonNode result = doc.get("result");
    assertThat(result.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(result.get("scanned").asInt()).isEqualTo(4);
    assertThat(skippedIds(result)).contains(offlineId);
    List<String> scanned = new ArrayList<>();
    for (JsonNode i : result.get("instances")) {
      if (!"SCANNED".equals(i.get("state").asText())) {
        continue;
      }
      scanned.add(i.get("instanceId").asText());
      assertThat(i.at("/compliance/missingCount").asInt()).as(i.toString()).isEqualTo(2);
      assertThat(i.at("/compliance/missing/0/id").asText()).isEqualTo("openssl-3.0.13");
      assertThat(i.at("/compliance/missing/0/severity").asText()).isEqualTo("Critical");
      assertThat(i.get("snapshotIds")).isEmpty();
      assertThat(SimHttp.file(stack, i.get("instanceId").asText(), INSTALLED_LIST)).isNull();
    }
    assertThat(scanned).hasSize(4).contains(brokenId);
    assertThat(snapshots()).isEmpty();

    CliRun text = CliRun.run(env, "status", "patch-scan-appservers-test");
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("SUCCEEDED")
        .contains("Scanned")
        .contains("2 missing")
        .contains("openssl-3.0.13 (Critical)");
  }

  @Test
  @Order(3)
  void productionAbortsOnAnUnhealthyInstanceBeforeAnythingChanges() throws Exception {
    CliRun run =
        CliRun.run(
            env,
            "patch",
            "--patch-group",
            GROUP,
            "--env",
            "production",
            "--health-command",
            "test \"$INSTANCE_ID\" != " + brokenId,
            "--wait");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("patch-install-appservers-production: ABORTED");
    assertThat(snapshots()).isEmpty();
    for (JsonNode i :
        SimHttp.admin(stack, "GET", "/_sim/instances?tag=PatchGroup=" + GROUP, null)
            .get("instances")) {
      assertThat(SimHttp.file(stack, i.get("id").asText(), INSTALLED_LIST)).isNull();
    }
  }

  @Test
  @Order(4)
  void installRestoresTheInstanceThatBreaksAndPatchesTheOthers() throws Exception {
    SimHttp.admin(
        stack,
        "POST",
        "/_sim/instances/" + brokenId + "/files",
        "{\"path\": \"" + MARKER + "\", \"content\": \"before patching\\n\"}");
    CliRun run =
        CliRun.run(
            env,
            "patch",
            "--patch-group",
            GROUP,
            "--env",
            "test",
            "--max-concurrency",
            "2",
            "--max-errors",
            "1",
            "--health-command",
            "test -s /opt/app/VERSION",
            "--validation-command",
            VALIDATION,
            "--snapshot-retention",
            "1h",
            "--wait");
    String id = "patch-install-appservers-test";
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("started " + id + " (run ")
        .contains(id + ": ROLLED_BACK")
        .contains("3/4 patched, 1 rolled back, 0 rollback failed, 1 skipped")
        .contains("snapshots deleted at ")
        .contains(id + "/snapshot-retention");
    assertThat(line(run.out(), brokenId)).contains("RolledBack").contains("restored from snap-");
    assertThat(line(run.out(), offlineId)).contains("Skipped");
    assertThat(run.err()).doesNotContain("ROLLBACK FAILED");

    CliRun status = CliRun.run(env, "status", id, "--output", "json");
    assertThat(status.exit()).as("exit 1: the run was not SUCCEEDED").isEqualTo(1);
    JsonNode result = Json.MAPPER.readTree(status.out()).get("result");
    assertThat(result.get("outcome").asText()).isEqualTo("ROLLED_BACK");
    int patched = 0;
    for (JsonNode i : result.get("instances")) {
      String instanceId = i.get("instanceId").asText();
      String installed = SimHttp.file(stack, instanceId, INSTALLED_LIST);
      if (instanceId.equals(brokenId)) {
        assertThat(i.get("state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(installed).as("the restore brought back the pre-patch disk").isNull();
        assertThat(SimHttp.file(stack, instanceId, "/var/log/ssmflow-sim/patches.log")).isNull();
        assertThat(SimHttp.file(stack, instanceId, MARKER)).isEqualTo("before patching");
        assertThat(SimHttp.file(stack, instanceId, "/opt/app/VERSION")).isEqualTo("1.0.0");
        assertThat(i.get("snapshotIds")).isNotEmpty();
      } else if ("PATCHED".equals(i.get("state").asText())) {
        patched++;
        assertThat(installed).contains("openssl-3.0.13").contains("bash-5.2.21");
      }
    }
    assertThat(patched).isEqualTo(3);
    assertThat(skippedIds(result)).contains(offlineId);
    JsonNode snapshots = snapshots();
    assertThat(snapshots).hasSizeGreaterThanOrEqualTo(4);
    for (JsonNode s : snapshots) {
      assertThat(s.toString()).contains("pre-patch-backup");
    }
  }

  @Test
  @Order(5)
  void statusAndCancelWorkForARunningPatchRun() throws Exception {
    // The same intent as the Install above, run again: its commands must really be sent again
    // (not found by an idempotency key of the first run), so the health check is seen running.
    CliRun start =
        CliRun.run(
            env,
            "patch",
            "--patch-group",
            GROUP,
            "--env",
            "test",
            "--health-command",
            "sleep 8",
            "--output",
            "json");
    assertThat(start.exit()).as(start.err()).isZero();
    String id = Json.MAPPER.readTree(start.out()).get("workflowId").asText();
    assertThat(id).isEqualTo("patch-install-appservers-test");

    JsonNode progress = awaitPhase(id, "health-check");
    assertThat(progress.get("total").asInt()).isEqualTo(4);
    CliRun text = CliRun.run(env, "status", id);
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .startsWith(id + ": RUNNING")
        .contains("phase    health-check")
        .contains("in flight");

    CliRun cancel = CliRun.run(env, "cancel", id);
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    assertThat(cancel.out()).contains("cancel requested for " + id);
    CliRun watch = CliRun.run(env, "status", id, "--watch");
    assertThat(watch.exit()).as(watch.out() + watch.err()).isEqualTo(1);
    // Temporal keeps no result of a cancelled run; the per-instance table still shows (the
    // workflow's result query).
    assertThat(watch.out()).as(watch.err()).contains("CANCELLED").contains(brokenId);
    assertThat(SimHttp.file(stack, brokenId, INSTALLED_LIST))
        .as("cancelled before anything changed")
        .isNull();
  }

  private static JsonNode awaitPhase(String id, String phase) throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    CliRun s = null;
    while (System.nanoTime() < deadline) {
      s = CliRun.run(env, "status", id, "--output", "json");
      JsonNode progress = s.exit() == 0 ? Json.MAPPER.readTree(s.out()).get("progress") : null;
      if (progress != null && phase.equals(progress.path("phase").asText())) {
        return progress;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(id + " never reached phase " + phase + ": " + s);
  }

  private static List<String> skippedIds(JsonNode result) {
    List<String> ids = new ArrayList<>();
    result.get("skipped").forEach(s -> ids.add(s.get("instanceId").asText()));
    result
        .get("instances")
        .forEach(
            i -> {
              if ("SKIPPED".equals(i.get("state").asText())) {
                ids.add(i.get("instanceId").asText());
              }
            });
    return ids;
  }

  private static String line(String out, String instanceId) {
    return out.lines()
        .filter(l -> l.startsWith(instanceId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(instanceId + " not in\n" + out));
  }

  private static JsonNode snapshots() throws Exception {
    JsonNode body = SimHttp.admin(stack, "GET", "/_sim/snapshots", null);
    return body.isArray() ? body : body.get("snapshots");
  }
}
