package io.ssmflow.cli.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.cli.dev.TemporalLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal Web UI in a real browser (Debian's chromium driven by playwright-core, from
 * tools/webui-test): a deployment run on the dev stack is found in the workflow list by ssmflow's
 * search attributes, and its page shows its input decoded through the dev stack's codec server (the
 * history holds it encrypted). Screenshots go to target/webui/; with {@code -Dwebui.docs=true} both
 * are also copied to docs/ (web-ui.png, web-ui-list.png) for docs/dev.md and docs/web-ui.md.
 * Skipped when the launcher, node, chromium or tools/webui-test/node_modules is missing, unless
 * {@code SSMFLOW_REQUIRE_TEMPORAL=1} (CI), which makes that a failure.
 */
@Timeout(300)
class WebUiTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final String FLEET =
      """
      instances:
        - {count: 3, namePrefix: web, mode: shell, tags: {Application: shop, Environment: staging}}
      """;

  @TempDir Path dir;

  @Test
  void theWebUiFindsTheDeploymentBySearchAttributesAndShowsItsInputDecoded() throws Exception {
    TemporalLauncher launcher = RealTemporal.launcherOrSkip();
    Path script =
        require(
            TemporalLauncher.findLauncher()
                .map(l -> l.getParent().getParent().getParent().resolve("webui-test/webui.mjs")),
            "tools/webui-test/webui.mjs");
    require(
        Optional.of(script.resolveSibling("node_modules/playwright-core"))
            .filter(Files::isDirectory),
        "tools/webui-test/node_modules (npm ci in tools/webui-test)");
    require(
        Optional.of(CHROMIUM).filter(Files::isExecutable),
        CHROMIUM + " (apt-get install chromium)");
    Path node = require(onPath("node"), "node on PATH");
    Path out = Path.of("target", "webui").toAbsolutePath();
    Files.createDirectories(out);

    DevStack.Options options =
        RealTemporal.options(
            FLEET, dir.resolve("state"), "webui", new DevStack.RealTemporal(launcher, 0, 0, null));
    try (DevStack stack = DevStack.start(options)) {
      Map<String, String> env = stack.exports();
      RealTemporal.Cli.run(
              env,
              "deploy",
              "--app",
              "shop",
              "--version",
              "2.0.0",
              "--env",
              "staging",
              "--max-concurrency",
              "100%",
              "--wait")
          .ok();
      String ui = stack.temporal().webUi().orElseThrow();
      String codec = "http://127.0.0.1:" + stack.codecServer().orElseThrow().port();

      Path log = out.resolve("webui.log");
      Process browser =
          new ProcessBuilder(
                  node.toString(),
                  script.toString(),
                  "--ui",
                  ui,
                  "--codec",
                  codec,
                  "--workflow-id",
                  "deploy-shop-staging-2.0.0",
                  "--app",
                  "shop",
                  "--env",
                  "staging",
                  "--expect",
                  "\"version\": \"2.0.0\"",
                  "--out",
                  out.toString(),
                  "--chromium",
                  CHROMIUM.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      browser.getOutputStream().close();
      if (!browser.waitFor(180, TimeUnit.SECONDS)) {
        browser.destroyForcibly();
        fail("the browser run did not end in 180 s:\n" + Files.readString(log));
      }
      String output = Files.readString(log);
      assertThat(browser.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("listed by SsmflowOperation=\"deploy\" AND SsmflowApp=\"shop\"")
          .contains("input decoded through " + codec)
          .contains("{\"listed\":true,\"decoded\":true");
    }
    for (String shot : List.of("webui-list.png", "webui-deployment.png")) {
      byte[] png = Files.readAllBytes(out.resolve(shot));
      assertThat(png.length).as(shot).isGreaterThan(10_000);
      assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
          .as(shot)
          .isEqualTo("PNG");
    }
    if (Boolean.getBoolean("webui.docs")) {
      Path docs = script.getParent().getParent().getParent().resolve("docs");
      Files.createDirectories(docs);
      Files.copy(
          out.resolve("webui-deployment.png"),
          docs.resolve("web-ui.png"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.copy(
          out.resolve("webui-list.png"),
          docs.resolve("web-ui-list.png"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static <T> T require(Optional<T> thing, String what) {
    if (thing.isPresent() && (!(thing.get() instanceof Path p) || Files.exists(p))) {
      return thing.get();
    }
    if (RealTemporal.REQUIRED) {
      fail("missing " + what + ", and SSMFLOW_REQUIRE_TEMPORAL=1 requires the Web UI test");
    }
    Assumptions.abort("missing " + what + ": Web UI test skipped");
    return null;
  }

  private static Optional<Path> onPath(String name) {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
