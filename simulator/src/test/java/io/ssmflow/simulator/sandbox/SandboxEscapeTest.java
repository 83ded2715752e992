package io.ssmflow.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.Simulator;
import io.ssmflow.simulator.SimulatorConfig;
import io.ssmflow.simulator.TestSandbox;
import io.ssmflow.simulator.TestTools;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.fleet.Instance;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The escapes a security review found, sent the way an operator (or an attacker with access to the
 * endpoint) sends commands: {@code aws ssm send-command} with the AWS CLI. Each command runs in its
 * instance's bubblewrap sandbox, and afterwards the host is checked directly: no marker under /usr
 * or /tmp, nothing in a host directory the commands aimed at, /etc/shadow never read, no
 * capabilities, and the simulator alive. In CI this runs as root with bwrap installed, where the
 * escapes worked before (SSMFLOW_REQUIRE_SANDBOX=1 and SSMFLOW_REQUIRE_COMPAT=1 make a missing
 * sandbox or AWS CLI a failure); it never runs without a sandbox.
 */
class SandboxEscapeTest {
  private static final String FLEET =
      """
      instances:
        - {name: escape-1, mode: shell}
        - {name: links-1, mode: shell}
      """;
  private static Simulator sim;
  private static Path aws;
  private static Path work;
  private static Path hostDir;
  private static final String MARKER = "ssmflow-escape-" + UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    TestSandbox.assumeIsolated();
    Optional<Path> cli = TestTools.executable("aws");
    if (cli.isEmpty()) {
      if (TestTools.COMPAT_REQUIRED) {
        fail("the AWS CLI is required (SSMFLOW_REQUIRE_COMPAT=1)");
      }
      Assumptions.abort("the AWS CLI is not installed");
    }
    aws = cli.get();
    // Never with unsafeHostExec: these commands must not run on the host.
    sim = Simulator.start(SimulatorConfig.ephemeral(FLEET));
    work = Files.createTempDirectory("ssmflow-escape-work-");
    hostDir = Files.createTempDirectory("ssmflow-escape-host-");
  }

  @AfterAll
  static void stop() throws Exception {
    if (sim != null) {
      sim.close();
    }
    for (Path p : new Path[] {work, hostDir}) {
      if (p != null) {
        SafeTree.deleteQuietly(p);
      }
    }
  }

  private static Instance instance(String name) {
    return sim.fleet().instanceByIdOrName(name).orElseThrow();
  }

  /** Runs the AWS CLI against the simulator; answers stdout (exit code 0 required). */
  private static String cli(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                aws.toString(), "--endpoint-url", sim.endpoint().toString(), "--output", "json"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    Map<String, String> env = pb.environment();
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_PAGER", "");
    env.remove("AWS_PROFILE");
    env.put("PATH", aws.getParent() + File.pathSeparator + env.get("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("aws " + args[1] + " finished").isTrue();
    assertThat(p.exitValue()).as("aws " + String.join(" ", args) + ": " + err).isZero();
    return out;
  }

  /** aws ssm send-command with these lines; waits; answers the invocation (JSON). */
  private static JsonNode runThroughCli(String instanceId, List<String> lines) throws Exception {
    Path params = work.resolve("params-" + UUID.randomUUID() + ".json");
    Files.writeString(params, Json.MAPPER.writeValueAsString(Map.of("commands", lines)));
    String commandId =
        Json.MAPPER
            .readTree(
                cli(
                    "ssm",
                    "send-command",
                    "--instance-ids",
                    instanceId,
                    "--document-name",
                    "AWS-RunShellScript",
                    "--parameters",
                    "file://" + params))
            .at("/Command/CommandId")
            .asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      JsonNode listed =
          Json.MAPPER.readTree(
              cli("ssm", "list-command-invocations", "--command-id", commandId, "--details"));
      JsonNode inv = listed.at("/CommandInvocations/0");
      if (!inv.isMissingNode()
          && Set.of("Success", "Failed", "TimedOut", "Cancelled")
              .contains(inv.path("Status").asText())) {
        return Json.MAPPER.readTree(
            cli(
                "ssm",
                "get-command-invocation",
                "--command-id",
                commandId,
                "--instance-id",
                instanceId));
      }
      assertThat(System.nanoTime()).as("command " + commandId + " finished").isLessThan(deadline);
      Thread.sleep(300);
    }
  }

  @Test
  void escapeCommandsSentWithTheAwsCliLeaveTheHostUntouched() throws Exception {
    Instance victim = instance("escape-1");
    String hostShadowFirstLine =
        Files.isReadable(Path.of("/etc/shadow"))
            ? Files.readAllLines(Path.of("/etc/shadow")).get(0)
            : null;
    JsonNode r =
        runThroughCli(
            victim.id(),
            List.of(
                "echo \"uid=$(id -u)\"",
                "grep CapEff /proc/self/status",
                "mount -o remount,bind,rw /usr 2>&1; echo \"remount-rc=$?\"",
                "touch /usr/" + MARKER + " 2>&1; echo \"usr-rc=$?\"",
                "unshare --user --map-root-user --mount sh -c 'mount -o remount,bind,rw /usr &&"
                    + " touch /usr/"
                    + MARKER
                    + "' 2>&1; echo \"userns-rc=$?\"",
                "cat /etc/shadow 2>&1; echo \"shadow-rc=$?\"",
                "echo 1 2>&1 > /proc/sys/vm/drop_caches; echo \"sysctl-rc=$?\"",
                "echo pwned > /tmp/" + MARKER + "; echo \"tmp-rc=$?\"",
                "echo pwned 2>&1 > " + hostDir + "/pwned; echo \"hostdir-rc=$?\"",
                "ls /root 2>&1; echo \"root-rc=$?\"",
                "kill -9 -1 2>/dev/null; echo \"kill-done\"",
                "echo \"loadavg=$(cut -d ' ' -f 1-3 /proc/loadavg)\""));
    String out = r.path("StandardOutputContent").asText();
    System.out.println("---- escape commands, inside the sandbox:\n" + out);

    assertThat(out)
        .contains(
            "uid=0\n",
            "CapEff:\t0000000000000000\n",
            "kill-done\n",
            "loadavg=0.08 0.05 0.01\n",
            "tmp-rc=0\n");
    for (String rc :
        List.of(
            "remount-rc",
            "usr-rc",
            "userns-rc",
            "shadow-rc",
            "sysctl-rc",
            "hostdir-rc",
            "root-rc")) {
      assertThat(out).as(rc).containsPattern(rc + "=[1-9][0-9]*\n");
    }
    if (hostShadowFirstLine != null) {
      assertThat(out).doesNotContain(hostShadowFirstLine);
    }
    // The host, checked from the outside.
    assertThat(Path.of("/usr", MARKER)).doesNotExist();
    assertThat(Path.of("/tmp", MARKER)).doesNotExist();
    try (var s = Files.list(hostDir)) {
      assertThat(s.toList()).isEmpty();
    }
    assertThat(victim.sandbox().resolve("tmp").resolve(MARKER)).hasContent("pwned");
    // kill -9 -1 reached only the sandbox: the simulator still answers.
    assertThat(cli("ssm", "describe-instance-information")).contains(victim.id());
  }

  @Test
  void linksPlantedThroughTheAwsCliDoNotLeadTheSimulatorOut() throws Exception {
    Instance i = instance("links-1");
    String orchestration = "/var/lib/amazon/ssm/" + i.id() + "/document/orchestration";
    JsonNode plant =
        runThroughCli(
            i.id(),
            List.of(
                "ln -s /etc/shadow /opt/shadow-link",
                "ln -s " + hostDir + " /opt/hostdir-link",
                "cd / && rm -rf " + orchestration + " && ln -s " + hostDir + " " + orchestration,
                "ls -l /opt " + orchestration));
    assertThat(plant.path("Status").asText()).as(plant.toString()).isEqualTo("Success");

    JsonNode next = runThroughCli(i.id(), List.of("echo this-must-not-run"));
    assertThat(next.path("Status").asText()).isEqualTo("Failed");
    assertThat(next.path("StandardErrorContent").asText())
        .contains(
            orchestration
                + " is a symbolic link; the simulator does not follow links inside an instance");

    HttpClient http = HttpClient.newHttpClient();
    URI files = sim.endpoint().resolve("/_sim/instances/" + i.id() + "/files");
    HttpResponse<String> read =
        http.send(
            HttpRequest.newBuilder(URI.create(files + "?path=/opt/shadow-link")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(400);
    assertThat(read.body()).contains("/opt/shadow-link is a symbolic link").doesNotContain("root:");
    HttpResponse<String> write =
        http.send(
            HttpRequest.newBuilder(files)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"path\": \"/opt/hostdir-link/pwned\", \"content\": \"x\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).isEqualTo(400);

    String snapshotId =
        Json.MAPPER
            .readTree(cli("ec2", "create-snapshot", "--volume-id", i.rootVolume().id()))
            .path("SnapshotId")
            .asText();
    Path copy = null;
    HttpResponse<String> snaps =
        http.send(
            HttpRequest.newBuilder(sim.endpoint().resolve("/_sim/snapshots")).build(),
            HttpResponse.BodyHandlers.ofString());
    for (JsonNode s : Json.MAPPER.readTree(snaps.body()).get("snapshots")) {
      if (s.get("snapshotId").asText().equals(snapshotId)) {
        copy = Path.of(s.get("path").asText());
      }
    }
    assertThat(copy).isNotNull();
    assertThat(Files.isSymbolicLink(copy.resolve("opt/shadow-link"))).isTrue();
    try (var all = Files.walk(copy)) {
      assertThat(
              all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                  .map(p -> p.getFileName().toString())
                  .toList())
          .doesNotContain("shadow");
    }
    try (var s = Files.list(hostDir)) {
      assertThat(s.toList()).isEmpty();
    }
  }
}
