package io.ssmflow.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the built-in spec's rendered shell for real, the way a simulator shell instance does:
 * /bin/sh inside bubblewrap with a private /opt, /srv and /tmp, no network, no systemd. Skipped
 * where bubblewrap cannot run.
 */
class DefaultSpecShellTest {
  @TempDir Path root;

  @BeforeEach
  void needsBubblewrap() throws Exception {
    for (String dir : List.of("opt", "srv", "tmp")) {
      Files.createDirectories(root.resolve(dir));
    }
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap not installed");
    assumeTrue(sh(List.of("true")).exit == 0, "bubblewrap cannot run here");
  }

  @Test
  void firstInstallUpgradeWithAFailingHealthCheckRollsBackThenAGoodUpgrade() throws Exception {
    // 1.0.0 on an empty instance: no backup, no artifact, the release directory is created.
    assertThat(deploy("1.0.0", null)).isTrue();
    assertThat(read("opt/shop/VERSION")).isEqualTo("1.0.0");
    assertThat(Files.exists(root.resolve("opt/shop/RUNNING"))).isTrue();
    assertThat(read("opt/shop/config/staging.env"))
        .contains("APP=shop", "ENV=staging", "VERSION=1.0.0", "PARAMETER_PATH=/shop/staging");

    // 2.0.0 ships a healthcheck that fails: 5 attempts, then the rollback restores 1.0.0.
    Path broken = root.resolve("srv/artifacts/shop/2.0.0/bin");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("healthcheck"), "#!/bin/sh\necho broken >&2\nexit 1\n");
    broken.resolve("healthcheck").toFile().setExecutable(true);
    assertThat(deploy("2.0.0", "1.0.0")).isFalse();
    assertThat(read("opt/shop/VERSION")).isEqualTo("1.0.0");
    assertThat(Files.exists(root.resolve("opt/shop/RUNNING"))).isTrue();
    assertThat(Files.exists(root.resolve("opt/shop/bin/healthcheck"))).isFalse();
    assertThat(run(render("1.0.0", null).healthCheck()).exit).isZero();

    // A good 2.0.0 from the local artifact directory.
    Files.delete(broken.resolve("healthcheck"));
    Files.writeString(root.resolve("srv/artifacts/shop/2.0.0/app.txt"), "v2");
    assertThat(deploy("2.0.0", "1.0.0")).isTrue();
    assertThat(read("opt/shop/VERSION")).isEqualTo("2.0.0");
    assertThat(read("opt/shop/app.txt")).isEqualTo("v2");
    assertThat(read("opt/shop/current-version")).isEqualTo("2.0.0");
    assertThat(read("opt/shop.backup/VERSION")).isEqualTo("1.0.0");
  }

  @Test
  void rollbackWithoutBackupRemovesTheRelease() throws Exception {
    DeploymentSpec spec = render("1.0.0", null);
    for (DeploymentStep step : spec.steps()) {
      assertThat(run(step).exit).as(step.name()).isZero();
    }
    // A first install has nothing to back up.
    assertThat(Files.exists(root.resolve("opt/shop.backup"))).isFalse();
    Result r = run(spec.rollback());
    assertThat(r.exit).isZero();
    assertThat(r.output).contains("no backup");
    assertThat(Files.exists(root.resolve("opt/shop"))).isFalse();
  }

  /** Runs the spec like a slice does for one instance; answers whether it ended healthy. */
  private boolean deploy(String version, String previous) throws Exception {
    DeploymentSpec spec = render(version, previous);
    for (DeploymentStep step : spec.steps()) {
      if (run(step).exit != 0) {
        return rollback(spec);
      }
    }
    for (int attempt = 1; attempt <= spec.healthCheck().attempts(); attempt++) {
      if (run(spec.healthCheck()).exit == 0) {
        return true;
      }
    }
    return rollback(spec);
  }

  private boolean rollback(DeploymentSpec spec) throws Exception {
    assertThat(run(spec.rollback()).exit).isZero();
    return false;
  }

  private static DeploymentSpec render(String version, String previous) {
    return SpecTemplates.render(
        DeploymentSpecs.defaultSpec(), new TemplateValues("shop", version, "staging", previous));
  }

  private String read(String path) throws IOException {
    return Files.readString(root.resolve(path), StandardCharsets.UTF_8).strip();
  }

  private record Result(int exit, String output) {}

  private Result run(DeploymentStep step) throws Exception {
    return sh(step.commands());
  }

  private Result sh(List<String> lines) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/bin/bwrap",
                "--ro-bind",
                "/",
                "/",
                "--bind",
                root.resolve("opt").toString(),
                "/opt",
                "--bind",
                root.resolve("srv").toString(),
                "/srv",
                "--bind",
                root.resolve("tmp").toString(),
                "/tmp",
                "--dev",
                "/dev",
                "--proc",
                "/proc",
                "--unshare-net",
                "/bin/sh",
                "-c",
                String.join("\n", lines)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
