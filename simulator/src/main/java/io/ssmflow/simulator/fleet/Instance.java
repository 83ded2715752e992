package io.ssmflow.simulator.fleet;

import io.ssmflow.simulator.sandbox.SandboxFiles;
import io.ssmflow.simulator.sandbox.SandboxOwner;
import io.ssmflow.simulator.sandbox.SystemFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated EC2 instance with an SSM agent. Inventory (id, platform, type) is fixed; state, tags,
 * ping status, patches and faults change while the simulator runs, so they are guarded by this
 * object's monitor or held in concurrent collections.
 */
public final class Instance {
  /** Directories of the sandbox that a command sees writable at the same absolute path. */
  public static final List<String> WRITABLE_DIRS = List.of("opt", "var", "srv", "home", "tmp");

  private final String id;
  private final String name;
  private final String platformType;
  private final String platformName;
  private final String platformVersion;
  private final String instanceType;
  private final String privateIpAddress;
  private final String imageId;
  private final String availabilityZone;
  private final Instant launchTime;
  private final ExecutionMode mode;
  private final Latency latency;
  private final int exitCode;
  private final Path sandbox;
  private final SandboxOwner sandboxOwner;
  private final Duration uptimeAtLaunch;

  private final Map<String, String> tags = new TreeMap<>();
  private final List<Volume> volumes = new ArrayList<>();
  private final List<Patch> pendingPatches = new ArrayList<>();
  private final List<Patch> installedPatches = new ArrayList<>();
  private final Map<String, Instant> installedAt = new TreeMap<>();
  private final java.util.Set<String> failedPatchIds = new java.util.TreeSet<>();
  private PatchOperation lastPatchOperation;
  private final List<FaultRule> faults = new CopyOnWriteArrayList<>();
  private String state;
  private String pingStatus;
  private Instant lastPingTime;
  private LoadAverage loadAverage = LoadAverage.DEFAULT;

  public Instance(
      String id,
      String name,
      String platformType,
      String platformName,
      String platformVersion,
      String instanceType,
      String privateIpAddress,
      String imageId,
      String availabilityZone,
      Instant launchTime,
      ExecutionMode mode,
      Latency latency,
      int exitCode,
      Path sandbox,
      SandboxOwner sandboxOwner,
      Duration uptimeAtLaunch,
      Map<String, String> tags,
      String state,
      String pingStatus) {
    this.id = id;
    this.name = name;
    this.platformType = platformType;
    this.platformName = platformName;
    this.platformVersion = platformVersion;
    this.instanceType = instanceType;
    this.privateIpAddress = privateIpAddress;
    this.imageId = imageId;
    this.availabilityZone = availabilityZone;
    this.launchTime = launchTime;
    this.mode = mode;
    this.latency = latency;
    this.exitCode = exitCode;
    this.sandbox = sandbox;
    this.sandboxOwner = sandboxOwner;
    this.uptimeAtLaunch = uptimeAtLaunch;
    this.tags.putAll(tags);
    this.state = state;
    this.pingStatus = pingStatus;
    this.lastPingTime = launchTime;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String platformType() {
    return platformType;
  }

  public String platformName() {
    return platformName;
  }

  public String platformVersion() {
    return platformVersion;
  }

  public String instanceType() {
    return instanceType;
  }

  public String privateIpAddress() {
    return privateIpAddress;
  }

  public String imageId() {
    return imageId;
  }

  public String availabilityZone() {
    return availabilityZone;
  }

  public Instant launchTime() {
    return launchTime;
  }

  public ExecutionMode mode() {
    return mode;
  }

  public Latency latency() {
    return latency;
  }

  /** The exit code a simulated-mode command ends with when no fault says otherwise. */
  public int exitCode() {
    return exitCode;
  }

  /** The instance's root filesystem on the host. */
  public Path sandbox() {
    return sandbox;
  }

  /** Who owns what the simulator creates in the root filesystem. */
  public SandboxOwner sandboxOwner() {
    return sandboxOwner;
  }

  /** The simulator's own file operations in the root filesystem (never following links). */
  public SandboxFiles files() {
    return new SandboxFiles(sandbox, sandboxOwner);
  }

  /** The instance's /etc and /proc files, beside its root filesystem. */
  public SystemFiles system() {
    return new SystemFiles(sandbox);
  }

  /** The host name inside the instance, EC2 style (ip-10-0-0-4). */
  public String hostname() {
    return SystemFiles.hostname(privateIpAddress);
  }

  /** How long the instance has been up: its uptime at launch plus the time since. */
  public Duration uptime() {
    return uptimeAtLaunch.plus(Duration.between(launchTime, Instant.now()));
  }

  /** What /proc/loadavg shows inside the instance. */
  public synchronized LoadAverage loadAverage() {
    return loadAverage;
  }

  public synchronized void loadAverage(LoadAverage load) {
    this.loadAverage = load;
  }

  public synchronized Map<String, String> tags() {
    return Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  public synchronized void putTag(String key, String value) {
    tags.put(key, value);
  }

  public synchronized void removeTag(String key) {
    tags.remove(key);
  }

  public synchronized List<Volume> volumes() {
    return List.copyOf(volumes);
  }

  public synchronized Volume rootVolume() {
    return volumes.stream().filter(Volume::root).findFirst().orElse(null);
  }

  public synchronized void addVolume(Volume volume) {
    volumes.add(volume);
  }

  /** Swaps a volume for another (a replaced root volume gets a new id). */
  public synchronized void replaceVolume(String oldId, Volume replacement) {
    volumes.replaceAll(v -> v.id().equals(oldId) ? replacement : v);
  }

  /** running, stopped, pending, stopping. */
  public synchronized String state() {
    return state;
  }

  public synchronized void state(String newState) {
    this.state = newState;
  }

  /** Online, ConnectionLost or Inactive; a stopped instance is ConnectionLost. */
  public synchronized String pingStatus() {
    return "running".equals(state) ? pingStatus : "ConnectionLost";
  }

  public synchronized void pingStatus(String status) {
    this.pingStatus = status;
    if ("Online".equals(status)) {
      lastPingTime = Instant.now();
    }
  }

  public synchronized Instant lastPingTime() {
    return "Online".equals(pingStatus()) ? Instant.now() : lastPingTime;
  }

  /** True when the agent can take commands: running and Online. */
  public synchronized boolean reachable() {
    return "running".equals(state) && "Online".equals(pingStatus);
  }

  public synchronized List<Patch> pendingPatches() {
    return List.copyOf(pendingPatches);
  }

  public synchronized List<Patch> installedPatches() {
    return List.copyOf(installedPatches);
  }

  public synchronized void setPatches(List<Patch> pending, List<Patch> installed) {
    pendingPatches.clear();
    pendingPatches.addAll(pending);
    installedPatches.clear();
    installedPatches.addAll(installed);
    installedAt.clear();
    failedPatchIds.clear();
  }

  /** Moves every pending patch to installed and answers what was installed. */
  public synchronized List<Patch> installPendingPatches() {
    List<Patch> done = List.copyOf(pendingPatches);
    Instant now = Instant.now();
    for (Patch p : pendingPatches) {
      installedAt.put(p.id(), now);
      failedPatchIds.remove(p.id());
    }
    installedPatches.addAll(pendingPatches);
    pendingPatches.clear();
    return done;
  }

  /** An Install that failed: every pending patch is now reported {@code Failed}. */
  public synchronized void markPendingPatchesFailed() {
    pendingPatches.forEach(p -> failedPatchIds.add(p.id()));
  }

  /** Whether the last Install of this patch failed (it is still pending). */
  public synchronized boolean patchFailed(String patchId) {
    return failedPatchIds.contains(patchId);
  }

  /** When the patch was installed by a patch operation; the launch time for the fleet's own. */
  public synchronized Instant installedTime(String patchId) {
    return installedAt.getOrDefault(patchId, launchTime);
  }

  /** The last AWS-RunPatchBaseline operation that reported compliance, or null. */
  public synchronized PatchOperation lastPatchOperation() {
    return lastPatchOperation;
  }

  public synchronized void lastPatchOperation(PatchOperation operation) {
    lastPatchOperation = operation;
  }

  /**
   * The last patch operation that reported compliance (what DescribeInstancePatchStates shows).
   *
   * @param operation Scan or Install
   * @param snapshotId the run's baseline snapshot id (may be null)
   * @param rebootOption RebootIfNeeded or NoReboot
   * @param start when it started
   * @param end when it ended
   */
  public record PatchOperation(
      String operation, String snapshotId, String rebootOption, Instant start, Instant end) {}

  /** Fault rules attached to this instance (global rules live in the fleet). */
  public List<FaultRule> faults() {
    return faults;
  }
}
