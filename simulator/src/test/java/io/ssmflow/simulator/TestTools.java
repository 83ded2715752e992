package io.ssmflow.simulator;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the command-line tools tests drive (the AWS CLI lives in the pyenv Python). */
public final class TestTools {
  /** Missing clients fail instead of skipping with SSMFLOW_REQUIRE_COMPAT=1 (CI sets it). */
  public static final boolean COMPAT_REQUIRED = "1".equals(System.getenv("SSMFLOW_REQUIRE_COMPAT"));

  private TestTools() {}

  /** The first executable of that name in ~/.pyenv/shims or on PATH. */
  public static Optional<Path> executable(String name) {
    return candidates(name).stream().findFirst();
  }

  /** Every executable of that name in ~/.pyenv/shims and on PATH, in that order. */
  public static List<Path> candidates(String name) {
    List<Path> dirs = new ArrayList<>();
    String home = System.getProperty("user.home");
    dirs.add(Path.of(home, ".pyenv", "shims"));
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty()) {
        dirs.add(Path.of(d));
      }
    }
    List<Path> out = new ArrayList<>();
    for (Path d : dirs) {
      Path p = d.resolve(name);
      if (Files.isExecutable(p) && !out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
