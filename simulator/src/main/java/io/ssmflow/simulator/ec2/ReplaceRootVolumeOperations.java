package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.fleet.Volume;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import io.ssmflow.simulator.sandbox.InstancePath;
import io.ssmflow.simulator.sandbox.SandboxFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateReplaceRootVolumeTask and DescribeReplaceRootVolumeTasks. A task reboots the instance and
 * swaps its sandbox for a copy of the snapshot (or for an empty root filesystem, the launch state),
 * so a rollback is visible on disk; the instance gets a new root volume id.
 */
final class ReplaceRootVolumeOperations {
  private static final Logger log = LoggerFactory.getLogger(ReplaceRootVolumeOperations.class);

  private final Ec2State state;
  private final InstanceLifecycle lifecycle;
  private final Filters<ReplaceRootVolumeTask> filters =
      new Filters<ReplaceRootVolumeTask>(null)
          .one("instance-id", ReplaceRootVolumeTask::instanceId);

  ReplaceRootVolumeOperations(Ec2State state, InstanceLifecycle lifecycle) {
    this.state = state;
    this.lifecycle = lifecycle;
  }

  void register(Map<String, QueryOperation> ops) {
    ops.put("CreateReplaceRootVolumeTask", this::create);
    ops.put("DescribeReplaceRootVolumeTasks", this::describe);
  }

  private void create(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    Instance instance = state.instance(request.required("InstanceId").trim());
    String snapshotId = blankToNull(request.get("SnapshotId"));
    String imageId = blankToNull(request.get("ImageId"));
    if (snapshotId != null && imageId != null) {
      throw Ec2Errors.combination(
          "The parameter snapshotId cannot be used with the parameter imageId");
    }
    boolean deleteReplaced = request.bool("DeleteReplacedRootVolume", false);
    Map<String, String> tags = Ec2Requests.tagSpecifications(request, "replace-root-volume-task");
    String token = blankToNull(request.get("ClientToken"));
    ReplaceRootVolumeTask task;
    // One lock with DeleteSnapshot: a snapshot is never deleted between the check and the use.
    synchronized (state.snapshots) {
      ReplaceRootVolumeTask earlier =
          token == null ? null : state.tasks.get(state.taskTokens.getOrDefault(token, ""));
      if (earlier != null) {
        if (!earlier.instanceId().equals(instance.id())
            || !Objects.equals(earlier.snapshotId(), snapshotId)
            || !Objects.equals(earlier.imageId(), imageId)
            || earlier.deleteReplacedRootVolume() != deleteReplaced) {
          throw new AwsException(
              "IdempotentParameterMismatch",
              "The client token '"
                  + token
                  + "' was already used for a request with different parameters.");
        }
        write(out.start("replaceRootVolumeTask"), earlier).end();
        return;
      }
      checkSource(instance, snapshotId, imageId);
      if (!"running".equals(instance.state())) {
        throw new AwsException(
            "IncorrectInstanceState",
            "The instance '" + instance.id() + "' is not in the 'running' state.");
      }
      for (ReplaceRootVolumeTask t : state.tasks.values()) {
        if (t.instanceId().equals(instance.id()) && t.active()) {
          throw new AwsException(
              "IncorrectInstanceState",
              "The instance '"
                  + instance.id()
                  + "' already has a root volume replacement task in progress ("
                  + t.id()
                  + ").");
        }
      }
      task =
          new ReplaceRootVolumeTask(
              Ids.random("replacevol"),
              instance.id(),
              snapshotId,
              imageId,
              deleteReplaced,
              token,
              Instant.now(),
              state.nextSequence());
      state.tasks.put(task.id(), task);
      if (token != null) {
        state.taskTokens.put(token, task.id());
      }
    }
    state.tags.putAll(task.id(), tags);
    Duration total = state.knobs.replaceRootDuration();
    state.timers.after(
        total.dividedBy(5),
        () -> {
          task.start();
          lifecycle.beginReboot(instance);
        });
    state.timers.after(total, () -> finish(task, instance));
    write(out.start("replaceRootVolumeTask"), task).end();
  }

  /** The snapshot must come from this instance's root volume; the AMI must be its own. */
  private void checkSource(Instance instance, String snapshotId, String imageId) {
    if (snapshotId != null) {
      Snapshot snapshot = state.snapshot(snapshotId);
      if (!instance.id().equals(snapshot.rootOf())) {
        throw Ec2Errors.invalidValue(
            "The snapshot '"
                + snapshotId
                + "' was not created from the root volume of instance '"
                + instance.id()
                + "'.");
      }
    }
    if (imageId != null) {
      if (!imageId.matches("ami-(?:[0-9a-f]{8}|[0-9a-f]{17})")) {
        throw new AwsException(
            "InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\" (expecting \"ami-...\")");
      }
      if (!imageId.equals(instance.imageId())) {
        throw new AwsException(
            "InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist");
      }
    }
  }

  private void finish(ReplaceRootVolumeTask task, Instance instance) {
    task.start();
    boolean ok = restore(task, instance);
    task.finish(ok, Instant.now());
    lifecycle.endReboot(instance);
  }

  /**
   * Builds the new root filesystem beside the sandbox, then swaps it in with two renames, so a
   * failed copy leaves the instance exactly as it was (the task ends {@code failed}).
   */
  private boolean restore(ReplaceRootVolumeTask task, Instance instance) {
    Volume old = instance.rootVolume();
    if (old == null) {
      log.warn("{}: instance {} has no root volume", task.id(), instance.id());
      return false;
    }
    Path sandbox = instance.sandbox();
    Path staging = sandbox.resolveSibling(sandbox.getFileName() + ".restore-" + task.id());
    try {
      Trees.delete(staging);
      if (task.snapshotId() != null) {
        Snapshot snapshot = state.snapshots.get(task.snapshotId());
        if (snapshot == null || !Files.isDirectory(snapshot.data())) {
          throw new IOException("the copy of snapshot " + task.snapshotId() + " is missing");
        }
        Trees.copy(snapshot.data(), staging);
      } else {
        // A fresh volume: the empty top directories, owned as the instance's always are.
        Files.createDirectories(staging);
        var files = new SandboxFiles(staging, instance.sandboxOwner());
        for (String dir : Instance.WRITABLE_DIRS) {
          files.mkdirs(InstancePath.parse("/" + dir));
        }
      }
    } catch (IOException e) {
      Trees.deleteQuietly(staging);
      log.warn(
          "{}: restoring the root volume of {} failed: {}", task.id(), instance.id(), e.toString());
      return false;
    }
    Path replaced =
        task.deleteReplacedRootVolume()
            ? sandbox.resolveSibling(sandbox.getFileName() + ".replaced-" + task.id())
            : state.volumesDir().resolve(old.id());
    Lock lock = state.dataLock(sandbox).writeLock();
    lock.lock();
    try {
      Files.createDirectories(replaced.getParent());
      Trees.delete(replaced);
      boolean hadSandbox = Files.exists(sandbox);
      if (hadSandbox) {
        Files.move(sandbox, replaced);
      }
      try {
        Files.move(staging, sandbox);
      } catch (IOException e) {
        if (hadSandbox) {
          Files.move(replaced, sandbox);
        }
        throw e;
      }
      swapVolumes(task, instance, old, replaced);
    } catch (IOException e) {
      Trees.deleteQuietly(staging);
      log.warn(
          "{}: swapping the root volume of {} failed: {}", task.id(), instance.id(), e.toString());
      return false;
    } finally {
      lock.unlock();
    }
    return true;
  }

  private void swapVolumes(
      ReplaceRootVolumeTask task, Instance instance, Volume old, Path replacedData) {
    Volume replacement =
        new Volume(
            Ids.random("vol"),
            instance.id(),
            old.device(),
            old.sizeGiB(),
            true,
            instance.sandbox(),
            old.availabilityZone(),
            Instant.now());
    instance.replaceVolume(old.id(), replacement);
    state.fleet.putVolume(replacement);
    state.rootLineage.put(old.id(), instance.id());
    state.rootLineage.put(replacement.id(), instance.id());
    if (task.snapshotId() != null) {
      state.volumeSources.put(replacement.id(), task.snapshotId());
      var patches = state.snapshotPatches.get(task.snapshotId());
      if (patches != null) {
        instance.setPatches(patches.get(0), patches.get(1));
      }
    }
    state.tags.putAll(replacement.id(), state.tags.get(old.id()));
    if (task.deleteReplacedRootVolume()) {
      state.fleet.removeVolume(old.id());
      state.tags.removeAll(old.id());
      Trees.deleteQuietly(replacedData);
    } else {
      // The old root volume stays, detached and available, with the data it had.
      state.fleet.putVolume(
          new Volume(
              old.id(),
              null,
              old.device(),
              old.sizeGiB(),
              false,
              replacedData,
              old.availabilityZone(),
              old.createTime()));
      state.detachedVolumeDirs.add(replacedData);
    }
  }

  private void describe(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    List<String> ids =
        Ec2Requests.ids(request, "ReplaceRootVolumeTaskId", Ec2Id.REPLACE_ROOT_VOLUME_TASK);
    Integer max = Paging.maxResults(request, 1, 50);
    Predicate<ReplaceRootVolumeTask> filter = filters.parse(request);
    List<ReplaceRootVolumeTask> candidates;
    if (ids.isEmpty()) {
      candidates =
          state.tasks.values().stream()
              .sorted(Comparator.comparingLong(ReplaceRootVolumeTask::sequence))
              .toList();
    } else {
      candidates = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String id : ids) {
        ReplaceRootVolumeTask t = state.tasks.get(id);
        if (t == null) {
          missing.add(id);
        } else {
          candidates.add(t);
        }
      }
      if (!missing.isEmpty()) {
        throw Ec2Errors.taskNotFound(missing);
      }
    }
    List<ReplaceRootVolumeTask> matched = candidates.stream().filter(filter).toList();
    Paging.Page<ReplaceRootVolumeTask> page =
        Paging.page(matched, max, request.get("NextToken"), "DescribeReplaceRootVolumeTasks");
    out.start("replaceRootVolumeTaskSet");
    page.items().forEach(t -> write(out.start("item"), t).end());
    out.end();
    out.leaf("nextToken", page.nextToken());
  }

  private XmlWriter write(XmlWriter out, ReplaceRootVolumeTask t) {
    out.leaf("replaceRootVolumeTaskId", t.id())
        .leaf("instanceId", t.instanceId())
        .leaf("taskState", t.state())
        .leaf("startTime", seconds(t.startTime()))
        .leaf("completeTime", t.completeTime() == null ? null : seconds(t.completeTime()))
        .leaf("snapshotId", t.snapshotId())
        .leaf("imageId", t.imageId())
        .leaf("deleteReplacedRootVolume", t.deleteReplacedRootVolume());
    Ec2Xml.tagSet(out, state.tags.get(t.id()));
    return out;
  }

  /** Task times are strings in the API; EC2 writes them to the second. */
  private static String seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
