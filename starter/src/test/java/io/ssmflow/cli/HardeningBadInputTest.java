package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.dev.EmbeddedTemporal;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of issue 13, one row each: exit 2, exactly one line on stderr that names the flag
 * or the file (and line), no exception class name, nothing on stdout, and nothing started: after
 * each row the (reachable) Temporal server has no workflow at all, open or closed.
 */
class HardeningBadInputTest {
  static final int FIFTY_MB = 50 * 1024 * 1024;

  static EmbeddedTemporal temporal;
  static WorkflowServiceStubs stubs;
  static Path dir;
  static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    temporal = EmbeddedTemporal.start(0, "default");
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
    dir = Files.createTempDirectory("ssmflow-bad-input-");
    env =
        Map.of(
            "TEMPORAL_ADDRESS",
            temporal.address(),
            // Nothing listens here: a command that got past validation could not reach AWS.
            "AWS_ENDPOINT_URL",
            "http://127.0.0.1:1",
            "AWS_REGION",
            "us-east-1",
            "AWS_ACCESS_KEY_ID",
            "test",
            "AWS_SECRET_ACCESS_KEY",
            "test");
  }

  @AfterAll
  static void stop() throws IOException {
    stubs.shutdownNow();
    temporal.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  @AfterEach
  void nothingStarted() {
    assertThat(
            stubs
                .blockingStub()
                .listOpenWorkflowExecutions(
                    ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace("default").build())
                .getExecutionsList())
        .as("open workflows")
        .isEmpty();
    assertThat(
            stubs
                .blockingStub()
                .listClosedWorkflowExecutions(
                    ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace("default")
                        .build())
                .getExecutionsList())
        .as("closed workflows")
        .isEmpty();
  }

  static Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  static Path bytes(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  /** A file of 50 MB whose first line is {@code a: xxxx...}: one huge value. */
  static Path fiftyMegabytes(String name) throws IOException {
    Path f = dir.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      byte[] line = new byte[1 << 20];
      java.util.Arrays.fill(line, (byte) 'x');
      raf.write("a: ".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < FIFTY_MB >> 20; i++) {
        raf.write(line);
      }
      raf.write('\n');
    }
    return f;
  }

  static String spec(int steps) {
    StringBuilder b = new StringBuilder("steps:\n");
    for (int i = 0; i < steps; i++) {
      b.append("  - name: s").append(i).append("\n    commands: [\"true\"]\n");
    }
    return b.append("healthCheck: {commands: [\"true\"]}\nrollback: {commands: [\"true\"]}\n")
        .toString();
  }

  static byte[] random(long seed) {
    byte[] b = new byte[4096];
    new Random(seed).nextBytes(b);
    return b;
  }

  static List<String> deploy(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("deploy", "--app", "shop", "--version", "4.0.0", "--env", "staging"));
    args.addAll(List.of(more));
    return args;
  }

  static List<String> push(Path config, String... more) {
    List<String> args =
        new ArrayList<>(List.of("params", "push", "--app", "shop", "--env", "staging"));
    args.addAll(List.of(more));
    args.add(config.toString());
    return args;
  }

  static List<String> checks(Path file) {
    return List.of("audit", "--env", "staging", "--checks", file.toString());
  }

  static Arguments row(String name, List<String> args, String... expected) {
    return Arguments.of(name, args, List.of(expected), Map.<String, String>of());
  }

  static Stream<Arguments> cases() throws IOException {
    Path big = fiftyMegabytes("big.yaml");
    Path bigJson = fiftyMegabytes("big.json");
    Path justOver = file("just-over.yaml", "a: " + "x".repeat(InputFiles.MAX_BYTES) + "\n");
    String longKey = "k".repeat(5000);
    Path aliasConfig = file("alias.yaml", "db:\n  host: &h db1\n  replica: *h\n");
    Path anchorConfig = file("anchor.yaml", "base: &base {host: db1}\nprod: *base\n");
    Path aliasSpec =
        file(
            "alias-spec.yaml",
            "steps:\n  - &s {name: a, commands: [\"true\"]}\n"
                + "  - *s\nhealthCheck: {commands: [\"true\"]}\nrollback: {commands: [\"true\"]}\n");
    Path aliasChecks =
        file(
            "alias-checks.yaml",
            "checks:\n  - name: a\n    command: &c id\n"
                + "    rules: [{exitCode: nonzero, severity: LOW, message: x}]\n  - name: b\n"
                + "    command: *c\n    rules: [{exitCode: nonzero, severity: LOW, message: x}]\n");
    Path hugeSpec = file("huge-spec.yaml", spec(10_000));
    Path spec101 = file("spec-101.yaml", spec(101));
    Path longKeyYaml = file("long-key.yaml", longKey + ": x\n");
    Path longNestedKeyYaml = file("long-nested-key.yaml", "db:\n  " + longKey + ": x\n");
    Path longKeyJson = file("long-key.json", "{\"" + longKey + "\": \"x\"}");
    Path randomYaml = bytes("random.yaml", random(1));
    Path randomJson = bytes("random.json", random(2));
    Path randomSpec = bytes("random-spec.yaml", random(3));
    Path randomChecks = bytes("random-checks.yaml", random(4));
    Path nulText = bytes("nul.yaml", "a: b\n\0\n".getBytes(StandardCharsets.UTF_8));
    Path okConfig = file("ok.yaml", "db:\n  password: x\n");
    Path bigFleet =
        file("big-fleet.yaml", "instances:\n  - name: " + "a".repeat(InputFiles.MAX_BYTES) + "\n");
    Path openKey = file("open.key", Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Files.setPosixFilePermissions(openKey, PosixFilePermissions.fromString("rw-r--r--"));
    String mb = "input files are limited to 1 MB";
    return Stream.of(
        row("50 MB config", push(big), big + ": ", mb),
        row("50 MB JSON config", push(bigJson), bigJson + ": ", mb),
        row("1 MB + 4 bytes config", push(justOver), justOver + ": ", mb),
        row("50 MB spec", deploy("--spec", big.toString()), "spec " + big + ": ", mb),
        row("50 MB checks", checks(big), "checks file " + big + ": ", mb),
        row("alias in a config", push(aliasConfig), aliasConfig + ":3: YAML aliases"),
        row("anchor in a config", push(anchorConfig), anchorConfig + ":1: YAML anchors"),
        row(
            "alias in a spec",
            deploy("--spec", aliasSpec.toString()),
            aliasSpec + ":2:",
            "anchors"),
        row("alias in checks", checks(aliasChecks), aliasChecks + ":6: YAML aliases (*c)"),
        row(
            "10,000 spec steps",
            deploy("--spec", hugeSpec.toString()),
            hugeSpec.toString(),
            "10000 steps; a spec has at most 100"),
        row("101 spec steps", deploy("--spec", spec101.toString()), "at most 100"),
        row(
            "approval 999999999d",
            deploy("--approve", "--approval-timeout", "999999999d"),
            "approval-timeout must be between 1s and 30d"),
        row("approval 31d", deploy("--approve", "--approval-timeout", "31d"), "approval-timeout"),
        row(
            "ISO approval overflow",
            deploy("--approval-timeout", "PT99999999999999999H"),
            "approval-timeout"),
        row(
            "params approval 999999999d",
            List.of(
                "params",
                "audit",
                "--path",
                "/shop",
                "--remediate",
                "--approval-timeout",
                "999999999d"),
            "approval-timeout"),
        row(
            "retention 366d",
            List.of(
                "patch",
                "--patch-group",
                "Web",
                "--env",
                "staging",
                "--snapshot-retention",
                "366d"),
            "snapshot-retention must be at most 365d"),
        row(
            "session age 999999999d",
            List.of("audit", "--sessions", "--max-session-age", "999999999d"),
            "max-session-age must be between 1m and 365d"),
        row(
            "stale days 100000",
            List.of("params", "audit", "--path", "/shop", "--stale-days", "100000"),
            "stale-days must be between 0 and 3650"),
        row(
            "window duration 25h",
            List.of(
                "schedule",
                "create",
                "w1",
                "--cron",
                "cron(0 2 ? * SUN *)",
                "--duration",
                "25h",
                "--",
                "audit",
                "--env",
                "staging"),
            "duration must be between 1s and 24h"),
        row(
            "spec retryDelay 2d",
            deploy(
                "--spec",
                file(
                        "delay.yaml",
                        "steps:\n  - name: a\n"
                            + "    commands: [\"true\"]\n    retryDelay: 2d\nhealthCheck: {commands: [\"true\"]}"
                            + "\nrollback: {commands: [\"true\"]}\n")
                    .toString()),
            "retryDelay must be between"),
        row(
            "sensitive-pattern [",
            List.of("params", "audit", "--path", "/shop", "--sensitive-pattern", "["),
            "sensitive-pattern '[' is not a regular expression"),
        row(
            "secure-pattern [",
            push(okConfig, "--secure-pattern", "["),
            "secure-pattern '[' is not a regular expression"),
        row(
            "5,000-char key (YAML)",
            push(longKeyYaml),
            longKeyYaml + ":1: a key of 5000" + " characters is too long"),
        row(
            "5,000-char nested key (YAML)",
            push(longNestedKeyYaml),
            longNestedKeyYaml + ":2: a key of 5000 characters is too long"),
        row(
            "5,000-char key (JSON)",
            push(longKeyJson),
            longKeyJson + ":1: parameter name",
            "5014 characters; Parameter Store allows at most 1011"),
        row("random bytes config", push(randomYaml), randomYaml + ":", "not a text file"),
        row("random bytes JSON config", push(randomJson), randomJson + ":", "not a text file"),
        row(
            "random bytes spec",
            deploy("--spec", randomSpec.toString()),
            randomSpec + ":",
            "not a text file"),
        row("random bytes checks", checks(randomChecks), randomChecks + ":", "not a text file"),
        row("NUL in a config", push(nulText), nulText + ":2: not a text file"),
        row(
            "typo with --version",
            List.of("deplyo", "--app", "shop", "--version", "4.0.0", "--env", "staging"),
            "unknown command 'deplyo': did you mean deploy?"),
        row("unknown subcommand", List.of("params", "pussh"), "did you mean push?"),
        row(
            "unknown command",
            List.of("frobnicate"),
            "unknown command 'frobnicate'",
            "the commands are"),
        row(
            "fleet file over 1 MB",
            List.of(
                "dev", "--temporal-port", "0", "--sim-port", "0", "--fleet", bigFleet.toString()),
            bigFleet.toString(),
            "limited to 1 MB"),
        Arguments.of(
            "key file readable by everyone",
            deploy(),
            List.of("SSMFLOW_CODEC_KEY_FILE file " + openKey, "chmod 600"),
            Map.of("SSMFLOW_CODEC_KEY_FILE", openKey.toString())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedInOneLineAndStartsNothing(
      String name, List<String> args, List<String> expected, Map<String, String> extraEnv) {
    Map<String, String> runEnv = new HashMap<>(env);
    runEnv.putAll(extraEnv);
    long start = System.nanoTime();
    CliRun run = CliRun.rejected(runEnv, args);
    String line = run.errLines().get(0);
    for (String part : expected) {
      assertThat(line).as(name).contains(part);
    }
    assertThat(line)
        .as(name + ": no exception class names")
        .doesNotContain("Exception")
        .doesNotContainPattern("\\b(java|javax|com|org|io)\\.[a-z]+\\.");
    assertThat((System.nanoTime() - start) / 1_000_000)
        .as(name + ": refused at once")
        .isLessThan(10_000);
  }
}
