package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.fleet.Volume;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateSnapshot, DescribeSnapshots and DeleteSnapshot. A snapshot copies the volume's data
 * directory (for a root volume, the instance's sandbox) when it is created, so later changes to the
 * instance never reach it; the copy lives in {@code <state dir>/snapshots/<snap-id>/}.
 */
final class SnapshotOperations {
  private static final Logger log = LoggerFactory.getLogger(SnapshotOperations.class);

  private final Ec2State state;
  private final Filters<Snapshot> filters;

  SnapshotOperations(Ec2State state) {
    this.state = state;
    this.filters =
        new Filters<Snapshot>(s -> state.tags.get(s.id()))
            .one("snapshot-id", Snapshot::id)
            .one("volume-id", Snapshot::volumeId)
            .one("status", s -> s.state(Instant.now()))
            .one("progress", s -> s.progress(Instant.now()))
            .one("owner-id", s -> RequestContext.ACCOUNT_ID)
            .one("description", Snapshot::description)
            .one("volume-size", Snapshot::volumeSizeGiB)
            .one("encrypted", s -> false)
            .one("storage-tier", s -> "standard")
            .one("start-time", s -> XmlWriter.iso(s.startTime()));
  }

  void register(Map<String, QueryOperation> ops) {
    ops.put("CreateSnapshot", this::createSnapshot);
    ops.put("DescribeSnapshots", this::describeSnapshots);
    ops.put("DeleteSnapshot", this::deleteSnapshot);
  }

  private void createSnapshot(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    Volume volume = state.volume(request.required("VolumeId").trim());
    String description = request.get("Description", "");
    if (description.length() > 255) {
      throw Ec2Errors.invalidValue(
          "The description exceeds the maximum length of 255" + " characters");
    }
    Map<String, String> tags = Ec2Requests.tagSpecifications(request, "snapshot");
    Instant now = Instant.now();
    claimRate(volume.id(), now);
    String id = Ids.random("snap");
    Path copy = state.snapshotsDir().resolve(id);
    Lock lock = state.dataLock(volume.data()).readLock();
    lock.lock();
    try {
      Files.createDirectories(state.snapshotsDir());
      Trees.copy(source(volume), copy);
    } catch (IOException | RuntimeException e) {
      Trees.deleteQuietly(copy);
      state.lastSnapshotAt.remove(volume.id(), now);
      log.error("copying volume {} into snapshot {} failed", volume.id(), id, e);
      throw new AwsException(
          "InternalError", "An internal error has occurred copying volume " + volume.id(), 500);
    } finally {
      lock.unlock();
    }
    Snapshot snapshot =
        new Snapshot(
            id,
            volume.id(),
            state.rootOf(volume),
            description,
            volume.sizeGiB(),
            now,
            now.plus(state.knobs.snapshotDuration()),
            copy,
            state.nextSequence());
    Instance owner =
        volume.root() && volume.instanceId() != null
            ? state.fleet.instance(volume.instanceId()).orElse(null)
            : null;
    if (owner != null) {
      // Which patches are installed lives on the root volume too.
      state.snapshotPatches.put(id, List.of(owner.pendingPatches(), owner.installedPatches()));
    }
    state.tags.putAll(id, tags);
    state.snapshots.put(id, snapshot);
    writeMembers(out, snapshot, now);
  }

  /** At most one snapshot per volume per snapshotInterval, as AWS enforces (15 s). */
  private void claimRate(String volumeId, Instant now) {
    state.lastSnapshotAt.compute(
        volumeId,
        (id, last) -> {
          if (last != null && now.isBefore(last.plus(state.knobs.snapshotInterval()))) {
            throw new AwsException(
                "SnapshotCreationPerVolumeRateExceeded",
                "The maximum per volume CreateSnapshot request rate has been exceeded. Use an"
                    + " increasing or variable sleep interval between requests.");
          }
          return now;
        });
  }

  /** The volume's data directory, created when the volume has never been written. */
  private Path source(Volume volume) throws IOException {
    Path data = volume.data();
    if (!Files.isDirectory(data)) {
      Instance instance =
          volume.root() && volume.instanceId() != null
              ? state.fleet.instance(volume.instanceId()).orElse(null)
              : null;
      if (instance != null && instance.sandbox().equals(data)) {
        Fleet.ensureSandbox(instance);
      } else {
        Files.createDirectories(data);
      }
    }
    return data;
  }

  private void describeSnapshots(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    List<String> ids = Ec2Requests.ids(request, "SnapshotId", Ec2Id.SNAPSHOT);
    Integer max = Paging.maxResultsCapped(request, 5, 1000);
    Predicate<Snapshot> filter = filters.parse(request);
    List<Snapshot> candidates;
    if (ids.isEmpty()) {
      candidates =
          state.snapshots.values().stream()
              .sorted(Comparator.comparingLong(Snapshot::sequence))
              .toList();
    } else {
      candidates = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String id : ids) {
        Snapshot s = state.snapshots.get(id);
        if (s == null) {
          missing.add(id);
        } else {
          candidates.add(s);
        }
      }
      if (!missing.isEmpty()) {
        throw Ec2Errors.snapshotNotFound(missing);
      }
    }
    List<String> owners = request.list("Owner");
    // Every snapshot here is the caller's own: another owner (amazon, another account) has none.
    boolean own =
        owners.isEmpty()
            || owners.stream().anyMatch(o -> Set.of("self", ctx.accountId()).contains(o));
    List<Snapshot> matched = own ? candidates.stream().filter(filter).toList() : List.of();
    Paging.Page<Snapshot> page =
        Paging.page(matched, max, request.get("NextToken"), "DescribeSnapshots");
    Instant now = Instant.now();
    out.start("snapshotSet");
    for (Snapshot s : page.items()) {
      out.start("item");
      writeMembers(out, s, now);
      out.end();
    }
    out.end();
    out.leaf("nextToken", page.nextToken());
  }

  private void deleteSnapshot(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    String id = request.required("SnapshotId").trim();
    Snapshot snapshot;
    synchronized (state.snapshots) {
      snapshot = state.snapshot(id);
      for (ReplaceRootVolumeTask t : state.tasks.values()) {
        if (id.equals(t.snapshotId()) && t.active()) {
          throw new AwsException(
              "InvalidSnapshot.InUse", "The snapshot " + id + " is currently in use by " + t.id());
        }
      }
      state.snapshots.remove(id);
      state.snapshotPatches.remove(id);
    }
    state.tags.removeAll(id);
    try {
      Trees.delete(snapshot.data());
    } catch (IOException e) {
      // The snapshot is gone for every client; a leftover copy only costs disk space.
      log.warn("could not delete the copy of snapshot {} at {}", id, snapshot.data(), e);
    }
    Ec2Xml.returnTrue(out);
  }

  private void writeMembers(XmlWriter out, Snapshot s, Instant now) {
    boolean completed = s.completed(now);
    out.leaf("snapshotId", s.id())
        .leaf("volumeId", s.volumeId())
        .leaf("status", s.state(now))
        .leaf("startTime", s.startTime())
        .leaf("progress", s.progress(now))
        .leaf("ownerId", RequestContext.ACCOUNT_ID)
        .leaf("volumeSize", s.volumeSizeGiB())
        .leaf("description", s.description())
        .leaf("encrypted", false)
        .leaf("storageTier", "standard");
    if (completed) {
      out.leaf("completionTime", s.completesAt());
    }
    Ec2Xml.tagSet(out, state.tags.get(s.id()));
  }
}
