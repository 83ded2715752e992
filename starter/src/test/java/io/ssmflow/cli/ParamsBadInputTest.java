package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code params}: exit 2, exactly one line on stderr naming the problem (file and line
 * for a config file), nothing on stdout. The environment points at ports where nothing listens, so
 * a command that got past validation would fail with a different line: these prove nothing was
 * contacted, let alone written.
 */
class ParamsBadInputTest {
  static final Map<String, String> ENV =
      Map.of(
          "TEMPORAL_ADDRESS",
          "127.0.0.1:1",
          "AWS_ENDPOINT_URL",
          "http://127.0.0.1:1",
          "AWS_REGION",
          "us-east-1",
          "AWS_ACCESS_KEY_ID",
          "test",
          "AWS_SECRET_ACCESS_KEY",
          "test");

  @TempDir Path dir;

  private Path file(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private static String rejected(String... args) {
    CliRun run = CliRun.run(ENV, args);
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    return run.errLines().get(0);
  }

  @Test
  void yamlThatDoesNotParseNamesFileAndLine() throws Exception {
    Path f = file("bad.yaml", "db:\n  host: db1\n  port: [1, 2\nother: x\n");
    assertThat(rejected("params", "push", "--app", "shop", "--env", "prod", f.toString()))
        .startsWith("ssmflow: " + f + ":4: ");
  }

  @Test
  void jsonThatDoesNotParseNamesFileAndLine() throws Exception {
    Path f = file("bad.json", "{\n  \"db\": {\n    \"host\": \"x\",\n  }\n}\n");
    assertThat(rejected("params", "push", "--app", "shop", "--env", "prod", f.toString()))
        .startsWith("ssmflow: " + f + ":4: ");
  }

  @Test
  void duplicateKeysAndNullValuesAreRejectedWithTheirLine() throws Exception {
    Path dup = file("dup.yaml", "db:\n  host: a\n  host: b\n");
    assertThat(rejected("params", "push", "--app", "shop", "--env", "prod", dup.toString()))
        .startsWith("ssmflow: " + dup + ":3: ")
        .contains("host");
    Path nul = file("null.yaml", "db:\n  host:\n");
    assertThat(rejected("params", "push", "--app", "shop", "--env", "prod", nul.toString()))
        .isEqualTo("ssmflow: " + nul + ":2: 'db.host' has no value");
  }

  @Test
  void aValueOver4KbIsRejectedWithoutShowingIt() throws Exception {
    Path f = file("big.yaml", "db:\n  host: a\n  password: " + "S".repeat(4097) + "\n");
    assertThat(rejected("params", "push", "--app", "shop", "--env", "prod", f.toString()))
        .isEqualTo(
            "ssmflow: "
                + f
                + ":3: /shop/prod/db/password: value is 4097 bytes; the"
                + " standard tier allows at most 4096");
  }

  @Test
  void aPathDeeperThan15LevelsIsRejected() throws Exception {
    Path f = file("deep.json", "{\"a.b.c.d.e.f.g.h.i.j.k.l.m.n\": \"x\"}");
    assertThat(rejected("params", "push", "--app", "shop", "--env", "prod", f.toString()))
        .isEqualTo(
            "ssmflow: "
                + f
                + ":1: parameter name '/shop/prod/a/b/c/d/e/f/g/h/i/j/k/l/m/n'"
                + " is 16 levels deep; Parameter Store allows at most 15");
  }

  @Test
  void invalidCharactersInANameAreRejected() throws Exception {
    Path f = file("chars.yaml", "db:\n  \"host name\": x\n");
    assertThat(rejected("params", "push", "--app", "shop", "--env", "prod", f.toString()))
        .isEqualTo(
            "ssmflow: "
                + f
                + ":2: key 'db.host name': 'host name' has characters a"
                + " parameter name cannot hold (allowed: A-Z a-z 0-9 _ . -)");
    assertThat(rejected("params", "push", "--app", "sh op", "--env", "prod", f.toString()))
        .startsWith("ssmflow: app 'sh op' must be");
    assertThat(rejected("params", "push", "--app", "awsapp", "--env", "prod", f.toString()))
        .isEqualTo("ssmflow: app 'awsapp': parameter paths can't start with aws or ssm");
  }

  @Test
  void otherBadInput() throws Exception {
    Path ok = file("ok.yaml", "db:\n  host: x\n");
    assertThat(
            rejected(
                "params",
                "push",
                "--app",
                "shop",
                "--env",
                "prod",
                dir.resolve("missing.yaml").toString()))
        .endsWith("missing.yaml: no such file");
    assertThat(
            rejected(
                "params",
                "push",
                "--app",
                "shop",
                "--env",
                "prod",
                "--secure-pattern",
                "(",
                ok.toString()))
        .startsWith("ssmflow: secure-pattern '(' is not");
    assertThat(
            rejected(
                "params",
                "push",
                "--app",
                "shop",
                "--env",
                "prod",
                "--restart",
                "--max-concurrency",
                "150%",
                ok.toString()))
        .contains("150%");
    assertThat(
            rejected(
                "params",
                "push",
                "--app",
                "shop",
                "--env",
                "prod",
                file("list.yaml", "hosts: [a, {b: c}]\n").toString()))
        .contains(":1: 'hosts': a list");
    assertThat(
            rejected(
                "params",
                "push",
                "--app",
                "shop",
                "--env",
                "prod",
                file("scalar.yaml", "just text\n").toString()))
        .contains("top level must be a mapping");
    assertThat(rejected("params", "history", "no-slash/x")).contains("must start with /");
    assertThat(rejected("params", "rollback", "/shop/prod/x"))
        .isEqualTo("ssmflow: --to-version N is required with NAME");
    assertThat(rejected("params", "rollback"))
        .isEqualTo("ssmflow: give either NAME --to-version N or --push WORKFLOW_ID");
    assertThat(rejected("params", "audit", "--path", "/a b")).contains("'/a b'");
    assertThat(rejected("params", "audit", "--path", "/shop", "--stale-days", "-1"))
        .isEqualTo("ssmflow: stale-days must be between 0 and 3650, not -1");
  }
}
