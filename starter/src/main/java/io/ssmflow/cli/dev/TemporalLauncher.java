package io.ssmflow.cli.dev;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which Temporal server {@code ssmflow dev} runs (docs/web-ui.md): the official {@code temporal}
 * CLI ({@code temporal server start-dev}), the project's own launcher built from the server's Go
 * modules ({@code tools/temporal-dev/bin/temporal-dev}), or the Java test server in this JVM. Both
 * real ones take the same flags.
 *
 * @param kind which kind of server
 * @param executable the program to run (null for the embedded test server)
 * @param missing for the embedded test server chosen because nothing else was found, what was
 *     looked for (null otherwise)
 */
public record TemporalLauncher(Kind kind, Path executable, String missing) {
  /** The kinds of Temporal server dev can run. */
  public enum Kind {
    /** The Java test server in this JVM: no schedules, no visibility, no UI, no persistence. */
    EMBEDDED,
    /** The official Temporal CLI: {@code temporal server start-dev}. */
    CLI,
    /** ssmflow's launcher, tools/temporal-dev. */
    LAUNCHER
  }

  /** Where tools/temporal-dev/build.sh puts the launcher, relative to the repository root. */
  public static final Path LAUNCHER_PATH = Path.of("tools", "temporal-dev", "bin", "temporal-dev");

  public static final TemporalLauncher EMBEDDED = new TemporalLauncher(Kind.EMBEDDED, null, null);

  /** Whether this is a real Temporal server (schedules, visibility, Web UI, persistence). */
  public boolean real() {
    return kind != Kind.EMBEDDED;
  }

  /** The launcher at a known path. */
  public static TemporalLauncher launcher(Path executable) {
    return new TemporalLauncher(Kind.LAUNCHER, executable.toAbsolutePath(), null);
  }

  /**
   * The server for {@code --temporal VALUE}: {@code embedded}, {@code cli} (the {@code temporal} on
   * PATH), a path to either program, or null for the first that exists of the {@code temporal} on
   * PATH, the built launcher, the embedded test server.
   *
   * @throws IllegalArgumentException naming what is wrong with the value
   */
  public static TemporalLauncher resolve(String value, Map<String, String> env) {
    return resolve(value, env, searchRoots());
  }

  /** {@link #resolve(String, Map)} looking for the launcher above {@code roots}. */
  static TemporalLauncher resolve(String value, Map<String, String> env, List<Path> roots) {
    if (value == null || value.isBlank() || value.equals("auto")) {
      Optional<Path> cli = onPath("temporal", env);
      if (cli.isPresent()) {
        return new TemporalLauncher(Kind.CLI, cli.get(), null);
      }
      Optional<Path> launcher = findLauncher(roots);
      if (launcher.isPresent()) {
        return launcher(launcher.get());
      }
      return new TemporalLauncher(
          Kind.EMBEDDED,
          null,
          "no `temporal` CLI on PATH and no "
              + LAUNCHER_PATH
              + " (build it with tools/temporal-dev/build.sh)");
    }
    if (value.equals("embedded")) {
      return EMBEDDED;
    }
    if (value.equals("cli")) {
      return new TemporalLauncher(
          Kind.CLI,
          onPath("temporal", env)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--temporal cli: no `temporal` on PATH (install the"
                              + " Temporal CLI, or use --temporal embedded or a path to tools/temporal-dev's"
                              + " launcher)")),
          null);
    }
    Path path = Path.of(value).toAbsolutePath();
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new IllegalArgumentException(
          "--temporal "
              + value
              + ": not an executable file (use"
              + " embedded, cli, or the path of `temporal` or tools/temporal-dev/bin/temporal-dev)");
    }
    return new TemporalLauncher(identify(path), path, null);
  }

  /** Asks the program its version: the launcher says temporal-dev, the CLI temporal version. */
  static Kind identify(Path path) {
    String version;
    try {
      Process p =
          new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      try (InputStream in = p.getInputStream()) {
        version = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--temporal " + path + ": cannot run it (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("--temporal " + path + ": interrupted");
    }
    if (version.startsWith("temporal-dev")) {
      return Kind.LAUNCHER;
    }
    if (version.startsWith("temporal version")) {
      return Kind.CLI;
    }
    throw new IllegalArgumentException(
        "--temporal "
            + path
            + " is neither the Temporal CLI nor"
            + " tools/temporal-dev's launcher (its --version says: "
            + version.lines().findFirst().orElse("nothing")
            + ")");
  }

  /** The working directory and where this class was loaded from. */
  private static List<Path> searchRoots() {
    List<Path> roots = new ArrayList<>();
    roots.add(Path.of("").toAbsolutePath());
    try {
      roots.add(
          Path.of(
                  TemporalLauncher.class
                      .getProtectionDomain()
                      .getCodeSource()
                      .getLocation()
                      .toURI())
              .toAbsolutePath());
    } catch (URISyntaxException | RuntimeException e) {
      // no code source (an unusual class loader): the working directory alone
    }
    return roots;
  }

  static Optional<Path> onPath(String name, Map<String, String> env) {
    String path = env.get("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /**
   * The built launcher in the repository this ssmflow runs from: searched upwards from the working
   * directory and from the jar (starter/target/ssmflow.jar, or the classes directory).
   */
  public static Optional<Path> findLauncher() {
    return findLauncher(searchRoots());
  }

  static Optional<Path> findLauncher(List<Path> roots) {
    for (Path start : roots) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve(LAUNCHER_PATH);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
