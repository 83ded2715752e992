package io.ssmflow.simulator.fleet;

import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.sandbox.InstancePath;
import io.ssmflow.simulator.sandbox.SandboxOwner;
import io.ssmflow.simulator.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The simulated fleet: every instance and volume, and the global fault rules. Instances are created
 * from fleet-file entries; their ids are derived from their names, so the same file gives the same
 * ids on every start.
 */
public final class Fleet {
  private final Path stateDir;
  private final SandboxOwner sandboxOwner;
  private final String shellUnavailable;
  private final Map<String, Instance> byId = new ConcurrentHashMap<>();
  private final Map<String, Instance> byName = new ConcurrentHashMap<>();
  private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
  private final List<Instance> ordered = new CopyOnWriteArrayList<>();
  private final List<FaultRule> globalFaults = new CopyOnWriteArrayList<>();
  private final List<Runnable> resetListeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger ipCounter = new AtomicInteger();
  private final List<Consumer<FleetFile.Contents>> loadListeners = new CopyOnWriteArrayList<>();

  /** A fleet whose shell-mode instances run commands with the simulator's own uid. */
  public Fleet(Path stateDir) {
    this(stateDir, SandboxOwner.PROCESS, null);
  }

  /**
   * @param stateDir where instance root filesystems and snapshots live
   * @param sandboxOwner who gets what the simulator creates inside instances
   * @param shellUnavailable why shell-mode instances are refused, or null when they are allowed
   */
  public Fleet(Path stateDir, SandboxOwner sandboxOwner, String shellUnavailable) {
    this.stateDir = stateDir;
    this.sandboxOwner = sandboxOwner;
    this.shellUnavailable = shellUnavailable;
  }

  public Path stateDir() {
    return stateDir;
  }

  /** Who gets what the simulator creates inside instances. */
  public SandboxOwner sandboxOwner() {
    return sandboxOwner;
  }

  /** Why shell-mode instances are refused, or null when they are allowed. */
  public String shellUnavailable() {
    return shellUnavailable;
  }

  /**
   * Creates the instances a fleet file describes and adds its global faults.
   *
   * @throws SandboxUnavailableException for shell-mode instances that cannot be isolated
   */
  public synchronized List<Instance> load(FleetFile.Contents contents) {
    if (shellUnavailable != null
        && contents.instances().stream().anyMatch(s -> s.mode() == ExecutionMode.SHELL)) {
      throw new SandboxUnavailableException(shellUnavailable);
    }
    for (InstanceSpec spec : contents.instances()) {
      for (String name : spec.names()) {
        if (byName.containsKey(name)) {
          throw new FleetFileException(
              "fleet", spec.line(), "instance '" + name + "' already exists");
        }
      }
    }
    List<Instance> created = new ArrayList<>();
    for (InstanceSpec spec : contents.instances()) {
      for (String name : spec.names()) {
        created.add(create(spec, name));
      }
    }
    globalFaults.addAll(contents.faults());
    loadListeners.forEach(l -> l.accept(contents));
    return created;
  }

  private Instance create(InstanceSpec spec, String name) {
    String id = spec.id() != null ? spec.id() : Ids.stable("i", name);
    if (byId.containsKey(id)) {
      throw new FleetFileException("fleet", spec.line(), "instance id " + id + " already exists");
    }
    int n = ipCounter.incrementAndGet();
    Map<String, String> tags = new LinkedHashMap<>(spec.tags());
    tags.putIfAbsent("Name", name);
    Path sandbox = stateDir.resolve("instances").resolve(id).resolve("root");
    Instant launch = Instant.now();
    String az = "us-east-1a";
    Instance instance =
        new Instance(
            id,
            name,
            spec.platform(),
            spec.platformName(),
            spec.platformVersion(),
            spec.instanceType(),
            "10.0." + (n / 250) + "." + (n % 250 + 4),
            "ami-0"
                + Ids.stable("x", spec.platformName() + spec.platformVersion()).substring(2, 18),
            az,
            launch,
            spec.mode(),
            spec.latency(),
            spec.exitCode(),
            sandbox,
            sandboxOwner,
            spec.uptime(),
            tags,
            spec.state(),
            spec.pingStatus());
    instance.loadAverage(spec.loadAverage());
    instance.addVolume(
        new Volume(
            Ids.stable("vol", id + "/root"),
            id,
            "/dev/xvda",
            spec.rootVolumeSizeGiB(),
            true,
            sandbox,
            az,
            launch));
    for (InstanceSpec.VolumeSpec v : spec.extraVolumes()) {
      String volId = Ids.stable("vol", id + v.device());
      instance.addVolume(
          new Volume(
              volId,
              id,
              v.device(),
              v.sizeGiB(),
              false,
              stateDir.resolve("volumes").resolve(volId),
              az,
              launch));
    }
    instance.setPatches(spec.pendingPatches(), spec.installedPatches());
    instance.faults().addAll(spec.faults());
    if (spec.mode() == ExecutionMode.SHELL || !spec.files().isEmpty()) {
      ensureSandbox(instance);
    }
    spec.files().forEach((path, content) -> writeFile(instance, path, content));
    byId.put(id, instance);
    byName.put(name, instance);
    instance.volumes().forEach(v -> volumes.put(v.id(), v));
    ordered.add(instance);
    return instance;
  }

  /**
   * Creates the instance's root filesystem (idempotent): its top directories, owned by the sandbox
   * owner.
   */
  public static Path ensureSandbox(Instance instance) {
    try {
      Files.createDirectories(instance.sandbox());
      var files = instance.files();
      for (String dir : Instance.WRITABLE_DIRS) {
        InstancePath top = InstancePath.parse("/" + dir);
        files.mkdirs(top);
        files.own(top);
      }
      return instance.sandbox();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a file inside the instance at its absolute path (under /opt, /var, ...), never following
   * a link the instance planted.
   *
   * @throws IllegalArgumentException for a path outside the writable directories
   * @throws UncheckedIOException when the path cannot be written (a link on the way, ...)
   */
  public static void writeFile(Instance instance, String absolutePath, String content) {
    if (!FleetFile.writablePath(absolutePath)) {
      throw new IllegalArgumentException(
          absolutePath + " is not under /opt, /var, /srv, /home or /tmp");
    }
    ensureSandbox(instance);
    try {
      instance
          .files()
          .write(InstancePath.parse(absolutePath), content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Instance> instance(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** By id, or by Name tag as a convenience for the admin API. */
  public Optional<Instance> instanceByIdOrName(String idOrName) {
    Instance i = byId.get(idOrName);
    return Optional.ofNullable(i != null ? i : byName.get(idOrName));
  }

  /** Every instance, in the order they were created. */
  public List<Instance> instances() {
    return List.copyOf(ordered);
  }

  public int size() {
    return ordered.size();
  }

  public Optional<Volume> volume(String id) {
    return Optional.ofNullable(volumes.get(id));
  }

  public Collection<Volume> volumes() {
    return List.copyOf(volumes.values());
  }

  /** Registers a volume (for example the new root volume of a replace-root-volume task). */
  public void putVolume(Volume volume) {
    volumes.put(volume.id(), volume);
  }

  public void removeVolume(String id) {
    volumes.remove(id);
  }

  public List<FaultRule> globalFaults() {
    return globalFaults;
  }

  /** The fault rules that may apply to an instance: its own, then the global ones. */
  public List<FaultRule> faultsFor(Instance instance) {
    List<FaultRule> out = new ArrayList<>(instance.faults());
    out.addAll(globalFaults);
    return out;
  }

  /** Removes fault rules by id (null: all), from every instance and the global list. */
  public int clearFaults(String id) {
    int before = globalFaults.size();
    globalFaults.removeIf(f -> id == null || f.id().equals(id));
    int removed = before - globalFaults.size();
    for (Instance i : ordered) {
      int b = i.faults().size();
      i.faults().removeIf(f -> id == null || f.id().equals(id));
      removed += b - i.faults().size();
    }
    return removed;
  }

  /** Called on reset, after the fleet is emptied, so services drop their state too. */
  public void onReset(Runnable listener) {
    resetListeners.add(listener);
  }

  /** Called with each fleet file loaded, after its instances exist (e.g. to apply its knobs). */
  public void onLoad(Consumer<FleetFile.Contents> listener) {
    loadListeners.add(listener);
  }

  /** Forgets every instance, volume and fault, and tells the services to forget theirs. */
  public synchronized void reset() {
    byId.clear();
    byName.clear();
    volumes.clear();
    ordered.clear();
    globalFaults.clear();
    resetListeners.forEach(Runnable::run);
  }
}
