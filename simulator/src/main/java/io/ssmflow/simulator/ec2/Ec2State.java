package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.fleet.Volume;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What EC2 remembers beyond the fleet model (which owns instances, their tags and volumes):
 * snapshots, replace-root-volume tasks, tags of volumes and snapshots, and the bookkeeping that AWS
 * keeps implicitly (which volumes were an instance's root, the per-volume snapshot rate).
 */
final class Ec2State {
  final Fleet fleet;
  final Ec2Knobs knobs;
  final Timers timers;
  final TagStore tags = new TagStore();
  final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
  final Map<String, ReplaceRootVolumeTask> tasks = new ConcurrentHashMap<>();

  /** Client token of CreateReplaceRootVolumeTask to the task it created. */
  final Map<String, String> taskTokens = new ConcurrentHashMap<>();

  /** Volume id to the instance whose root volume it is or was. */
  final Map<String, String> rootLineage = new ConcurrentHashMap<>();

  /** Volume id to the snapshot it was restored from. */
  final Map<String, String> volumeSources = new ConcurrentHashMap<>();

  /** Volume id to the time of its last CreateSnapshot. */
  final Map<String, Instant> lastSnapshotAt = new ConcurrentHashMap<>();

  /**
   * The patches a root-volume snapshot holds (pending, installed), by snapshot id: restoring the
   * root volume from it puts the instance's patch state back with the files.
   */
  final Map<String, List<List<io.ssmflow.simulator.fleet.Patch>>> snapshotPatches =
      new ConcurrentHashMap<>();

  /** Replaced root volumes kept as {@code available}: their data directories. */
  final Set<Path> detachedVolumeDirs = ConcurrentHashMap.newKeySet();

  private final Map<Path, ReadWriteLock> dataLocks = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  Ec2State(Fleet fleet, Ec2Knobs knobs, Timers timers) {
    this.fleet = fleet;
    this.knobs = knobs;
    this.timers = timers;
  }

  long nextSequence() {
    return sequence.incrementAndGet();
  }

  Path snapshotsDir() {
    return fleet.stateDir().resolve("snapshots");
  }

  Path volumesDir() {
    return fleet.stateDir().resolve("volumes");
  }

  /** The instance with this id (checked for shape first), or InvalidInstanceID.NotFound. */
  Instance instance(String id) {
    Ec2Id.INSTANCE.check(id);
    return fleet.instance(id).orElseThrow(() -> Ec2Errors.instanceNotFound(List.of(id)));
  }

  Volume volume(String id) {
    Ec2Id.VOLUME.check(id);
    return fleet.volume(id).orElseThrow(() -> Ec2Errors.volumeNotFound(List.of(id)));
  }

  Snapshot snapshot(String id) {
    Ec2Id.SNAPSHOT.check(id);
    Snapshot s = snapshots.get(id);
    if (s == null) {
      throw Ec2Errors.snapshotNotFound(List.of(id));
    }
    return s;
  }

  /**
   * Guards a volume's data directory: snapshot copies read it under the read lock, the swap of a
   * replace-root-volume task renames it under the write lock, so a copy never sees it half swapped.
   */
  ReadWriteLock dataLock(Path data) {
    return dataLocks.computeIfAbsent(
        data.toAbsolutePath().normalize(), p -> new ReentrantReadWriteLock());
  }

  /** The instance whose root lineage a volume belongs to, or null. */
  String rootOf(Volume volume) {
    if (volume.root() && volume.instanceId() != null) {
      rootLineage.put(volume.id(), volume.instanceId());
      return volume.instanceId();
    }
    return rootLineage.get(volume.id());
  }

  /** Forgets everything; the caller deletes the copies on disk. */
  void clear() {
    timers.newEpoch();
    tags.clear();
    snapshots.clear();
    tasks.clear();
    taskTokens.clear();
    rootLineage.clear();
    volumeSources.clear();
    lastSnapshotAt.clear();
    snapshotPatches.clear();
    knobs.reset();
  }
}
