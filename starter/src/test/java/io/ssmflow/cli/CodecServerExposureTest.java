package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssmflow codec-server} off loopback refuses to start without a bearer token. */
class CodecServerExposureTest {
  @TempDir Path dir;

  @Test
  void aNonLoopbackCodecServerNeedsATokenAndNamesHowToMakeOne() throws Exception {
    Path key = dir.resolve("codec.key");
    Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> env = Map.of("SSMFLOW_CODEC_KEY_FILE", key.toString());
    CliRun run = CliRun.rejected(env, List.of("codec-server", "--host", "0.0.0.0", "--port", "0"));
    assertThat(run.err())
        .contains("--host 0.0.0.0 is not a loopback address")
        .contains("--token-file FILE or SSMFLOW_CODEC_TOKEN_FILE")
        .contains("head -c 32 /dev/urandom");
    CliRun badName =
        CliRun.rejected(
            env, List.of("codec-server", "--port", "0", "--allowed-hosts", "codec:8081"));
    assertThat(badName.err()).contains("'codec:8081' is not a host name");
    CliRun missingToken =
        CliRun.rejected(
            env,
            List.of(
                "codec-server",
                "--host",
                "0.0.0.0",
                "--token-file",
                dir.resolve("codec.token").toString()));
    assertThat(missingToken.err()).contains("cannot be read").contains("make one with");
  }
}
