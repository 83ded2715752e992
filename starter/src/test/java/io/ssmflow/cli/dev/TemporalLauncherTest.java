package io.ssmflow.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Temporal server dev runs, and the command line it starts a real one with. */
class TemporalLauncherTest {
  @TempDir Path dir;

  @Test
  void theTemporalCliOnPathComesFirstThenTheBuiltLauncherThenTheTestServer() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path repo = Files.createDirectories(dir.resolve("repo/starter/target"));
    Path launcher =
        script(
            dir.resolve("repo").resolve(TemporalLauncher.LAUNCHER_PATH),
            "temporal-dev (server v1.31.2, ui-server v2.49.1)");
    Map<String, String> noCli = Map.of("PATH", bin.toString());

    assertThat(TemporalLauncher.resolve(null, noCli, List.of(repo)))
        .isEqualTo(TemporalLauncher.launcher(launcher));
    Path cli = script(bin.resolve("temporal"), "temporal version 1.5.1 (Server 1.29.1)");
    assertThat(TemporalLauncher.resolve("auto", noCli, List.of(repo)))
        .isEqualTo(new TemporalLauncher(TemporalLauncher.Kind.CLI, cli, null));

    TemporalLauncher none =
        TemporalLauncher.resolve(null, Map.of("PATH", dir.toString()), List.of(dir));
    assertThat(none.kind()).isEqualTo(TemporalLauncher.Kind.EMBEDDED);
    assertThat(none.real()).isFalse();
    assertThat(none.missing())
        .isEqualTo(
            "no `temporal` CLI on PATH and no "
                + TemporalLauncher.LAUNCHER_PATH
                + " (build it with tools/temporal-dev/build.sh)");
  }

  @Test
  void theFlagChoosesEmbeddedTheCliOrAProgramByWhatItSaysItIs() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    assertThat(TemporalLauncher.resolve("embedded", Map.of(), List.of(dir)))
        .isEqualTo(TemporalLauncher.EMBEDDED);
    assertThatThrownBy(
            () -> TemporalLauncher.resolve("cli", Map.of("PATH", bin.toString()), List.of(dir)))
        .hasMessageContaining("--temporal cli: no `temporal` on PATH");

    Path cli = script(dir.resolve("somewhere/temporal-1.5"), "temporal version 1.5.1");
    assertThat(TemporalLauncher.resolve(cli.toString(), Map.of(), List.of(dir)).kind())
        .isEqualTo(TemporalLauncher.Kind.CLI);
    Path launcher = script(dir.resolve("elsewhere/td"), "temporal-dev (server v1.31.2)");
    assertThat(TemporalLauncher.resolve(launcher.toString(), Map.of(), List.of(dir)).kind())
        .isEqualTo(TemporalLauncher.Kind.LAUNCHER);

    Path other = script(dir.resolve("ls-like"), "GNU coreutils 9.1");
    assertThatThrownBy(() -> TemporalLauncher.resolve(other.toString(), Map.of(), List.of(dir)))
        .hasMessageContaining("is neither the Temporal CLI nor tools/temporal-dev's launcher")
        .hasMessageContaining("GNU coreutils 9.1");
    assertThatThrownBy(
            () ->
                TemporalLauncher.resolve(dir.resolve("missing").toString(), Map.of(), List.of(dir)))
        .hasMessageContaining("not an executable file");
  }

  @Test
  void bothRealServersStartWithTheSameFlagsOnLoopbackWithSsmflowsSearchAttributes() {
    TemporalLauncher cli =
        new TemporalLauncher(TemporalLauncher.Kind.CLI, Path.of("/t/temporal"), null);
    List<String> command =
        TemporalProcess.command(
            new TemporalProcess.Options(
                cli,
                0,
                0,
                "ops",
                Path.of("/data/t.db"),
                "http://127.0.0.1:8081",
                dir.resolve("t.log")),
            7233,
            8233);
    assertThat(command)
        .containsExactly(
            "/t/temporal",
            "server",
            "start-dev",
            "--ip",
            "127.0.0.1",
            "--port",
            "7233",
            "--namespace",
            "ops",
            "--log-level",
            "warn",
            "--ui-port",
            "8233",
            "--ui-codec-endpoint",
            "http://127.0.0.1:8081",
            "--db-filename",
            "/data/t.db",
            "--search-attribute",
            "SsmflowOperation=Keyword",
            "--search-attribute",
            "SsmflowApp=Keyword",
            "--search-attribute",
            "SsmflowEnvironment=Keyword",
            "--search-attribute",
            "SsmflowDocument=Keyword");

    TemporalLauncher launcher = TemporalLauncher.launcher(Path.of("/r/temporal-dev"));
    List<String> headless =
        TemporalProcess.command(
            new TemporalProcess.Options(
                launcher, 0, null, "default", null, null, dir.resolve("t.log")),
            17233,
            null);
    assertThat(headless)
        .startsWith("/r/temporal-dev", "--ip", "127.0.0.1", "--port", "17233")
        .contains("--headless")
        .doesNotContain("--ui-port", "--db-filename", "server")
        .endsWith("--exit-on-stdin-eof");
  }

  private static Path script(Path path, String version) throws Exception {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "#!/bin/sh\necho '" + version + "'\n");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }
}
