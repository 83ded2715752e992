package io.ssmflow.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * Links an instance plants in its own root filesystem (planted here directly, as a command in the
 * instance would) never take the simulator's writes, reads, snapshots or restores outside the
 * instance: not the next command's script, not the patch log, not the admin files API.
 */
class SymlinkEscapeTest {
  private static TestSimulator sim;
  @TempDir static Path hostDir;
  private static Path secret;

  @BeforeAll
  static void start() throws Exception {
    sim =
        TestSimulator.start(
            """
        instances:
          - name: web-1
            mode: shell
            pendingPatches: [openssl-3.0.13]
        """);
    secret = Files.writeString(hostDir.resolve("codec.key"), "host secret\n");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void hostDirHoldsOnlyTheSecret() throws Exception {
    try (var s = Files.list(hostDir)) {
      for (Path p : s.toList()) {
        if (!p.equals(secret)) {
          SafeTree.delete(p);
        }
      }
    }
  }

  private static Instance web1() {
    return sim.simulator().fleet().instanceByIdOrName("web-1").orElseThrow();
  }

  /** Plants a link inside the instance, as {@code ln -s TARGET PATH} in the instance would. */
  private static void plant(String instancePath, Path target) throws Exception {
    Path root = Fleet.ensureSandbox(web1());
    Path link = root.resolve(instancePath.substring(1));
    Files.createDirectories(link.getParent());
    SafeTree.delete(link);
    Files.createSymbolicLink(link, target);
  }

  private static List<String> hostDirNames() throws Exception {
    try (var s = Files.list(hostDir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Command await(String commandId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      Command c = sim.ssm().listCommands(b -> b.commandId(commandId)).commands().get(0);
      if (Set.of("Success", "Failed", "TimedOut", "Cancelled").contains(c.statusAsString())) {
        return c;
      }
      assertThat(System.nanoTime()).as("command still " + c.statusAsString()).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void aLinkedOrchestrationDirectoryFailsTheCommandAndNothingIsWrittenOnTheHost() throws Exception {
    String id = web1().id();
    plant("/var/lib/amazon/ssm/" + id + "/document/orchestration", hostDir);
    String cid =
        sim.ssm()
            .sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .parameters(Map.of("commands", List.of("echo should-not-run"))))
            .command()
            .commandId();
    assertThat(await(cid).statusAsString()).isEqualTo("Failed");
    GetCommandInvocationResponse r =
        sim.ssm().getCommandInvocation(b -> b.commandId(cid).instanceId(id));
    assertThat(r.standardErrorContent())
        .contains(
            "/var/lib/amazon/ssm/"
                + id
                + "/document/orchestration is a symbolic link; the simulator does not follow links");
    assertThat(r.standardErrorContent()).doesNotContain(hostDir.toString());
    assertThat(r.standardOutputContent()).isEmpty();
    assertThat(hostDirNames()).containsExactly("codec.key");

    // Remove the link and the instance works again.
    Files.delete(web1().sandbox().resolve("var/lib/amazon/ssm/" + id + "/document/orchestration"));
    String ok =
        sim.ssm()
            .sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .parameters(Map.of("commands", List.of("echo fine"))))
            .command()
            .commandId();
    assertThat(await(ok).statusAsString()).isEqualTo("Success");
  }

  @Test
  void theCloudWatchAgentDoesNotTakeAHostFileThroughALinkedSpoolDirectory() throws Exception {
    // The agent collects /var/lib/amazon-cloudwatch-agent/metrics every second; planted as a
    // link to a host directory, the host's own "metrics" file must be neither moved, read nor
    // deleted.
    Path hostMetrics = Files.writeString(hostDir.resolve("metrics"), "ShopApp Errors 99\n");
    plant("/var/lib/amazon-cloudwatch-agent", hostDir);
    Thread.sleep(2_500);
    assertThat(hostMetrics).hasContent("ShopApp Errors 99");
    assertThat(hostDirNames()).containsExactly("codec.key", "metrics");
  }

  @Test
  void aLinkedPatchLogIsNotWrittenThrough() throws Exception {
    plant("/var/log/ssmflow-sim/patches.log", secret);
    String id = web1().id();
    String cid =
        sim.ssm()
            .sendCommand(
                b ->
                    b.documentName("AWS-RunPatchBaseline")
                        .instanceIds(id)
                        .parameters(
                            Map.of(
                                "Operation",
                                List.of("Install"),
                                "RebootOption",
                                List.of("NoReboot"))))
            .command()
            .commandId();
    assertThat(await(cid).statusAsString()).isEqualTo("Failed");
    assertThat(
            sim.ssm()
                .getCommandInvocation(b -> b.commandId(cid).instanceId(id))
                .standardErrorContent())
        .contains("/var/log/ssmflow-sim/patches.log is a symbolic link");
    assertThat(secret).hasContent("host secret");
  }

  @Test
  void theAdminFilesApiNeitherReadsNorWritesThroughLinks() throws Exception {
    plant("/opt/leak", secret);
    plant("/opt/hostdir", hostDir);
    String base = "/_sim/instances/web-1/files";

    assertThatThrownBy(() -> sim.admin("GET", base + "?path=/opt/leak"))
        .isInstanceOfSatisfying(
            TestSimulator.AdminError.class,
            e -> {
              assertThat(e.status).isEqualTo(400);
              assertThat(e.getMessage())
                  .contains("/opt/leak is a symbolic link")
                  .doesNotContain("host secret");
            });
    assertThatThrownBy(() -> sim.admin("GET", base + "?path=/opt/hostdir/codec.key"))
        .isInstanceOfSatisfying(
            TestSimulator.AdminError.class,
            e -> {
              assertThat(e.status).isEqualTo(400);
              assertThat(e.getMessage())
                  .contains("/opt/hostdir is a symbolic link")
                  .doesNotContain("host secret");
            });
    assertThatThrownBy(() -> sim.admin("GET", base + "?path=/opt/hostdir"))
        .isInstanceOfSatisfying(
            TestSimulator.AdminError.class, e -> assertThat(e.status).isEqualTo(400));
    JsonNode listing = sim.admin("GET", base + "?path=/opt");
    assertThat(listing.get("entries").toString()).contains("\"hostdir@\"", "\"leak@\"");

    assertThatThrownBy(
            () -> sim.admin("POST", base, "{\"path\": \"/opt/hostdir/pwned\", \"content\": \"x\"}"))
        .isInstanceOfSatisfying(
            TestSimulator.AdminError.class, e -> assertThat(e.status).isEqualTo(400));
    assertThatThrownBy(
            () ->
                sim.admin("POST", base, "{\"path\": \"/opt/leak\", \"content\": \"overwritten\"}"))
        .isInstanceOfSatisfying(
            TestSimulator.AdminError.class, e -> assertThat(e.status).isEqualTo(400));
    assertThat(hostDirNames()).containsExactly("codec.key");
    assertThat(secret).hasContent("host secret");

    // The same request without links works.
    sim.admin("POST", base, "{\"path\": \"/opt/app/VERSION\", \"content\": \"1.0\"}");
    assertThat(sim.admin("GET", base + "?path=/opt/app/VERSION").get("content").asText())
        .isEqualTo("1.0");
  }

  @Test
  void snapshotsCopyLinksAsLinksAndRestoresKeepThem() throws Exception {
    plant("/opt/etc-link", hostDir);
    plant("/opt/key-link", secret);
    sim.admin(
        "POST",
        "/_sim/ec2/knobs",
        "{\"snapshotInterval\": \"0ms\","
            + " \"snapshotDuration\": \"0ms\", \"replaceRootDuration\": \"0ms\"}");
    String volume = web1().rootVolume().id();
    String snapId = sim.ec2().createSnapshot(b -> b.volumeId(volume)).snapshotId();
    Path copy = null;
    for (JsonNode s : sim.admin("GET", "/_sim/snapshots").get("snapshots")) {
      if (s.get("snapshotId").asText().equals(snapId)) {
        copy = Path.of(s.get("path").asText());
      }
    }
    assertThat(copy).as("snapshot copy of " + snapId).isNotNull();
    assertThat(Files.isSymbolicLink(copy.resolve("opt/etc-link"))).isTrue();
    assertThat(Files.isSymbolicLink(copy.resolve("opt/key-link"))).isTrue();
    try (var all = Files.walk(copy)) {
      assertThat(
              all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                  .map(Path::toString)
                  .toList())
          .noneMatch(p -> p.endsWith("codec.key"));
    }

    String task =
        sim.ec2()
            .createReplaceRootVolumeTask(
                b -> b.instanceId(web1().id()).snapshotId(snapId).deleteReplacedRootVolume(true))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!sim.ec2()
        .describeReplaceRootVolumeTasks(b -> b.replaceRootVolumeTaskIds(task))
        .replaceRootVolumeTasks()
        .get(0)
        .taskStateAsString()
        .equals("succeeded")) {
      assertThat(System.nanoTime()).as("restore still running").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(Files.isSymbolicLink(web1().sandbox().resolve("opt/etc-link"))).isTrue();
    sim.ec2().deleteSnapshot(b -> b.snapshotId(snapId));
    assertThat(hostDirNames()).containsExactly("codec.key");
    assertThat(secret).hasContent("host secret");
    List<Snapshot> left = sim.ec2().describeSnapshots(b -> b.ownerIds("self")).snapshots();
    assertThat(left).noneMatch(s -> s.snapshotId().equals(snapId));
  }
}
