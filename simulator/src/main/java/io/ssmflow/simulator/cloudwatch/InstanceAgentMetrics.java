package io.ssmflow.simulator.cloudwatch;

import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.sandbox.InstancePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CloudWatch agent of every simulated instance. Sandboxed commands have no network, so they
 * cannot call PutMetricData; instead they append lines to {@value #SPOOL} in their own root
 * filesystem, {@code NAMESPACE METRIC VALUE [NAME=VALUE ...]} (e.g. {@code ShopApp Errors 40
 * App=shop}), and every second the agent takes each instance's lines and stores them as metric data
 * in region {@value #REGION}, as PutMetricData would; the alarms that watch those metrics evaluate
 * at once. A release can so raise its fleet's error rate from the instances themselves.
 */
final class InstanceAgentMetrics {
  static final String SPOOL = "var/lib/amazon-cloudwatch-agent/metrics";
  static final String REGION = "us-east-1";

  private static final InstancePath SPOOL_PATH = InstancePath.parse("/" + SPOOL);

  /** The most a spool may hold between two collections (1 s); a larger one is dropped. */
  static final int MAX_SPOOL_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(InstanceAgentMetrics.class);

  private final Fleet fleet;
  private final MetricStore store;
  private final Consumer<Set<MetricId>> evaluate;

  InstanceAgentMetrics(Fleet fleet, MetricStore store, Consumer<Set<MetricId>> evaluate) {
    this.fleet = fleet;
    this.store = store;
    this.evaluate = evaluate;
  }

  /** Takes every instance's spooled lines; answers how many data points were stored. */
  int collect() {
    long now = System.currentTimeMillis();
    Set<MetricId> touched = new HashSet<>();
    int stored = 0;
    Map<Path, Optional<Set<Path>>> listings = new HashMap<>();
    for (Instance instance : fleet.instances()) {
      // Most simulated instances have no root filesystem at all: one listing of the directory
      // that holds the instances' directories, not a stat (or a failed open and its exception)
      // per instance and second.
      if (!hasRoot(instance.sandbox(), listings)) {
        continue;
      }
      List<String> lines;
      try {
        // Never following a link the instance planted on the way (its commands own the tree).
        byte[] spooled = instance.files().take(SPOOL_PATH, MAX_SPOOL_BYTES);
        if (spooled == null) {
          continue;
        }
        lines = new String(spooled, StandardCharsets.UTF_8).lines().toList();
      } catch (NoSuchFileException e) {
        continue; // the directory is not there: nothing was spooled
      } catch (IOException e) {
        log.warn("{}: agent metrics not taken from /{}: {}", instance.id(), SPOOL, e.getMessage());
        continue;
      }
      for (String line : lines) {
        MetricId id = parse(line);
        if (id == null) {
          if (!line.isBlank()) {
            log.warn("{}: ignored agent metric line '{}'", instance.id(), clip(line));
          }
          continue;
        }
        double value = Double.parseDouble(line.trim().split("\\s+")[2]);
        store.put(id, Sample.of(now, value, "None"), now);
        touched.add(id);
        stored++;
      }
    }
    if (!touched.isEmpty()) {
      evaluate.accept(touched);
    }
    return stored;
  }

  /**
   * Whether {@code root} (an instance's {@code instances/<id>/root}) is a directory. Its parent
   * must be listed in the instances' directory first, listed once per sweep in {@code listings};
   * when that cannot be listed, a stat decides.
   */
  static boolean hasRoot(Path root, Map<Path, Optional<Set<Path>>> listings) {
    if (root == null) {
      return false;
    }
    Path own = root.getParent();
    Path all = own == null ? null : own.getParent();
    if (all != null) {
      Optional<Set<Path>> names = listings.computeIfAbsent(all, InstanceAgentMetrics::names);
      if (names.isPresent() && !names.get().contains(own.getFileName())) {
        return false;
      }
    }
    return Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS);
  }

  /** The names in {@code dir}: none when it does not exist; unknown when it cannot be listed. */
  private static Optional<Set<Path>> names(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      Set<Path> names = new HashSet<>();
      entries.forEach(p -> names.add(p.getFileName()));
      return Optional.of(names);
    } catch (NoSuchFileException e) {
      return Optional.of(Set.of());
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /** The metric of a spool line, or null when the line is not {@code NS NAME VALUE [K=V...]}. */
  static MetricId parse(String line) {
    String[] parts = line.trim().split("\\s+");
    if (parts.length < 3) {
      return null;
    }
    try {
      double v = Double.parseDouble(parts[2]);
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        return null;
      }
    } catch (NumberFormatException e) {
      return null;
    }
    List<Dimension> dimensions = new ArrayList<>();
    for (int i = 3; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq < 1 || eq == parts[i].length() - 1) {
        return null;
      }
      dimensions.add(new Dimension(parts[i].substring(0, eq), parts[i].substring(eq + 1)));
    }
    return new MetricId(REGION, parts[0], parts[1], dimensions);
  }

  private static String clip(String line) {
    String flat = line.replaceAll("\\p{Cntrl}", "?");
    return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
  }
}
