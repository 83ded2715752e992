package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad payload-encryption settings: one line on stderr, exit code 2, nothing started. */
class CodecBadInputTest {
  @TempDir Path dir;

  Path key() throws Exception {
    Path key = dir.resolve("codec.key");
    Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return key;
  }

  static void oneLine(CliRun run, String expected) {
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("ssmflow: ").contains(expected);
  }

  @Test
  void codecServerNeedsAKeyFile() {
    oneLine(CliRun.run(Map.of(), "codec-server"), "codec-server needs SSMFLOW_CODEC_KEY_FILE");
  }

  @Test
  void codecServerRejectsABadKeyFileWildcardOriginAndBadToken() throws Exception {
    Path bad = dir.resolve("bad.key");
    Files.writeString(bad, "abc\n");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-------"));
    oneLine(
        CliRun.run(Map.of("SSMFLOW_CODEC_KEY_FILE", bad.toString()), "codec-server", "--port", "0"),
        "SSMFLOW_CODEC_KEY_FILE file " + bad + " line 1");
    Map<String, String> env = Map.of("SSMFLOW_CODEC_KEY_FILE", key().toString());
    oneLine(CliRun.run(env, "codec-server", "--cors-origin", "*"), "cors-origin '*'");
    oneLine(
        CliRun.run(env, "codec-server", "--cors-origin", "http://ui/path"), "must be an origin");
    oneLine(CliRun.run(env, "codec-server", "--port", "70000"), "port must be between");
    oneLine(
        CliRun.run(env, "codec-server", "--token-file", dir.resolve("none").toString()),
        "token file");
    Path empty = dir.resolve("empty.token");
    Files.writeString(empty, "  \n");
    oneLine(
        CliRun.run(
            Map.of(
                "SSMFLOW_CODEC_KEY_FILE",
                key().toString(),
                "SSMFLOW_CODEC_TOKEN_FILE",
                empty.toString()),
            "codec-server"),
        "must hold one token");
  }

  @Test
  void clientsAndDevRejectAMissingKeyFileBeforeConnecting() throws Exception {
    String missing = dir.resolve("missing.key").toString();
    // No Temporal listens on port 1: the key file is checked first.
    oneLine(
        CliRun.run(
            Map.of("SSMFLOW_CODEC_KEY_FILE", missing, "TEMPORAL_ADDRESS", "127.0.0.1:1"),
            "status",
            "deploy-x-y-1"),
        "SSMFLOW_CODEC_KEY_FILE file " + missing + " cannot be read");
    oneLine(
        CliRun.run(
            Map.of("SSMFLOW_CODEC_KEY_FILE", missing, "TEMPORAL_ADDRESS", "127.0.0.1:1"), "worker"),
        "SSMFLOW_CODEC_KEY_FILE file " + missing);
    oneLine(
        CliRun.run(
            Map.of("SSMFLOW_CODEC_KEY_FILE", missing),
            "dev",
            "--temporal-port",
            "0",
            "--sim-port",
            "0"),
        "SSMFLOW_CODEC_KEY_FILE file " + missing);
  }
}
