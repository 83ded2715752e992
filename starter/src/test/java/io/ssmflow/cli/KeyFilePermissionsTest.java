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

/**
 * A codec key file that group or others may read is refused by every command that loads it — client
 * commands, the worker, dev and the codec server — in one line naming the file, its mode and the
 * fix, exit 2, before anything connects (no Temporal listens on port 1).
 */
class KeyFilePermissionsTest {
  @TempDir Path dir;

  @Test
  void clientsWorkersDevAndTheCodecServerRefuseAnOpenKeyFile() throws Exception {
    Path key = dir.resolve("codec.key");
    Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    for (String mode : List.of("rw-r--r--", "rw-r-----")) {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
      Map<String, String> env =
          Map.of("SSMFLOW_CODEC_KEY_FILE", key.toString(), "TEMPORAL_ADDRESS", "127.0.0.1:1");
      for (List<String> args :
          List.of(
              List.of("status", "deploy-x-y-1"),
              List.of("deploy", "--app", "shop", "--version", "1.0.0", "--env", "staging"),
              List.of("worker"),
              List.of("dev", "--temporal-port", "0", "--sim-port", "0"),
              List.of("codec-server", "--port", "0"))) {
        CliRun run = CliRun.rejected(env, args);
        assertThat(run.err())
            .as("%s with %s", args, mode)
            .startsWith("ssmflow: SSMFLOW_CODEC_KEY_FILE file " + key + " is readable by ")
            .contains("(" + mode + ")")
            .endsWith("restrict it with chmod 600 " + key + "\n");
      }
    }
  }
}
