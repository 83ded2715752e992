package io.ssmflow.activities.patch;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.patch.ComplianceReport;
import io.ssmflow.workflows.patch.InstanceCompliance;
import io.ssmflow.workflows.patch.MissingPatch;
import io.ssmflow.workflows.patch.PatchActivities;
import io.ssmflow.workflows.snapshot.InstanceSnapshots;
import io.ssmflow.workflows.snapshot.SnapshotActivities;
import io.ssmflow.workflows.snapshot.SnapshotWaitResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.ReplaceRootVolumeTask;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InstancePatchState;
import software.amazon.awssdk.services.ssm.model.PatchComplianceData;
import software.amazon.awssdk.services.ssm.model.PatchOrchestratorFilter;

/**
 * Pre-patch EBS snapshots (CreateSnapshot, found again by tags on a retry), waiting for them,
 * restoring a root volume (CreateReplaceRootVolumeTask with a client token), deleting a run's
 * snapshots, and patch compliance (DescribeInstancePatchStates, DescribeInstancePatches).
 */
public final class PatchActivitiesImpl implements PatchActivities, SnapshotActivities {
  private static final Logger log = LoggerFactory.getLogger(PatchActivitiesImpl.class);

  static final String PURPOSE = "pre-patch-backup";
  static final String RATE_EXCEEDED = "SnapshotCreationPerVolumeRateExceeded";

  /** EC2 allows one CreateSnapshot per volume per this interval. */
  static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(15);

  static final int MAX_RATE_RETRIES = 20;
  static final Duration INITIAL_POLL = Duration.ofMillis(250);
  static final Duration MAX_POLL = Duration.ofSeconds(15);

  /** A snapshot just created may be missing from DescribeSnapshots for a moment. */
  static final Duration NOT_FOUND_GRACE = Duration.ofSeconds(60);

  static final int SNAPSHOT_FILTER_CHUNK = 100;

  /** EC2's ClientToken is at most 64 ASCII characters. */
  static final int MAX_CLIENT_TOKEN = 64;

  static final int MAX_INSTANCES = 50;

  /** CreateSnapshot has no idempotency token: no SDK retry, the tag lookup decides instead. */
  private static final SdkPlugin NO_SDK_RETRIES =
      config ->
          config.overrideConfiguration(
              config.overrideConfiguration().toBuilder()
                  .retryStrategy(AwsRetryStrategy.doNotRetry())
                  .build());

  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final Duration snapshotInterval;

  @Inject
  public PatchActivitiesImpl(Ec2Client ec2, SsmClient ssm) {
    this(ec2, ssm, SNAPSHOT_INTERVAL);
  }

  /** With another per-volume snapshot interval (a simulator with a shorter one). */
  PatchActivitiesImpl(Ec2Client ec2, SsmClient ssm, Duration snapshotInterval) {
    this.ec2 = requireNonNull(ec2, "ec2 is null");
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.snapshotInterval = requireNonNull(snapshotInterval, "snapshotInterval is null");
  }

  // ---- snapshots ------------------------------------------------------------------------------

  @Override
  public List<InstanceSnapshots> createSnapshots(
      String workflowId, String runId, List<String> instanceIds) {
    requireNonNull(workflowId, "workflowId is null");
    requireNonNull(runId, "runId is null");
    checkBatch(instanceIds);
    Map<String, List<Volume>> volumes = volumes(instanceIds);
    // Only a retry can find snapshots of its own: attempt 1 creates at once (one lookup for the
    // batch on a retry, not one per instance on every attempt).
    Map<String, Map<String, String>> earlier =
        Activity.getExecutionContext().getInfo().getAttempt() > 1
            ? existingSnapshots(workflowId, runId, instanceIds)
            : Map.of();
    List<InstanceSnapshots> out = new ArrayList<>();
    int created = 0;
    for (String instanceId : instanceIds) {
      List<Volume> mine = volumes.getOrDefault(instanceId, List.of());
      Map<String, String> existing = earlier.getOrDefault(instanceId, Map.of());
      String root = null;
      List<String> ids = new ArrayList<>();
      for (Volume v : mine) {
        String snapshotId = existing.get(v.volumeId());
        if (snapshotId == null) {
          snapshotId = create(workflowId, runId, instanceId, v);
          created++;
        }
        ids.add(snapshotId);
        if (v.root()) {
          root = snapshotId;
        }
        heartbeat("snapshots of " + instanceId + ": " + ids.size() + "/" + mine.size());
      }
      out.add(new InstanceSnapshots(instanceId, root, ids));
    }
    log.info("{}: {} snapshots created for {} instances", workflowId, created, instanceIds.size());
    return out;
  }

  /** One EBS volume of an instance. */
  private record Volume(String volumeId, String device, boolean root) {}

  /** EBS volumes by instance, root first (DescribeInstances block device mappings). */
  private Map<String, List<Volume>> volumes(List<String> instanceIds) {
    Map<String, List<Volume>> out = new TreeMap<>();
    var request =
        software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest.builder()
            .filters(filter("instance-id", instanceIds))
            .build();
    for (var page : ec2.describeInstancesPaginator(request)) {
      for (var reservation : page.reservations()) {
        for (Instance i : reservation.instances()) {
          List<Volume> list = new ArrayList<>();
          for (InstanceBlockDeviceMapping m : i.blockDeviceMappings()) {
            if (m.ebs() != null && m.ebs().volumeId() != null) {
              list.add(
                  new Volume(
                      m.ebs().volumeId(),
                      m.deviceName(),
                      m.deviceName() != null && m.deviceName().equals(i.rootDeviceName())));
            }
          }
          list.sort(
              Comparator.comparing((Volume v) -> !v.root())
                  .thenComparing(Volume::device, Comparator.nullsLast(Comparator.naturalOrder())));
          out.put(i.instanceId(), list);
        }
      }
    }
    return out;
  }

  /**
   * This run's snapshots of the instances, by instance and volume id (the first seen per volume):
   * one DescribeSnapshots (and its pages) for the whole batch.
   */
  private Map<String, Map<String, String>> existingSnapshots(
      String workflowId, String runId, List<String> instanceIds) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    DescribeSnapshotsRequest request =
        DescribeSnapshotsRequest.builder()
            .ownerIds("self")
            .filters(
                filter("tag:" + SnapshotActivities.WORKFLOW_ID_TAG, List.of(workflowId)),
                filter("tag:" + SnapshotActivities.RUN_ID_TAG, List.of(runId)),
                filter("tag:InstanceId", instanceIds))
            .build();
    for (var page : ec2.describeSnapshotsPaginator(request)) {
      for (Snapshot s : page.snapshots()) {
        String instanceId = null;
        for (Tag t : s.tags()) {
          if ("InstanceId".equals(t.key())) {
            instanceId = t.value();
          }
        }
        if (instanceId != null && !"error".equals(s.stateAsString())) {
          out.computeIfAbsent(instanceId, k -> new LinkedHashMap<>())
              .putIfAbsent(s.volumeId(), s.snapshotId());
        }
      }
    }
    return out;
  }

  private String create(String workflowId, String runId, String instanceId, Volume v) {
    List<Tag> tags =
        List.of(
            tag("Purpose", PURPOSE),
            tag("InstanceId", instanceId),
            tag("CreatedBy", "ssmflow"),
            tag(SnapshotActivities.WORKFLOW_ID_TAG, workflowId),
            tag(SnapshotActivities.RUN_ID_TAG, runId),
            tag("Name", "pre-patch " + instanceId + " " + v.device()));
    String description =
        truncate(
            "ssmflow pre-patch backup of "
                + v.volumeId()
                + " ("
                + instanceId
                + " "
                + v.device()
                + ") for "
                + workflowId,
            255);
    for (int attempt = 1; ; attempt++) {
      try {
        CreateSnapshotResponse r =
            ec2.createSnapshot(
                b ->
                    b.volumeId(v.volumeId())
                        .description(description)
                        .tagSpecifications(
                            TagSpecification.builder()
                                .resourceType(ResourceType.SNAPSHOT)
                                .tags(tags)
                                .build())
                        .overrideConfiguration(o -> o.addPlugin(NO_SDK_RETRIES)));
        log.info(
            "snapshot {} of {} ({} {}) started",
            r.snapshotId(),
            v.volumeId(),
            instanceId,
            v.device());
        return r.snapshotId();
      } catch (Ec2Exception e) {
        if (!RATE_EXCEEDED.equals(code(e)) || attempt >= MAX_RATE_RETRIES) {
          throw e;
        }
        // A previous attempt (or a lost answer) may have made it: look before waiting.
        String made =
            existingSnapshots(workflowId, runId, List.of(instanceId))
                .getOrDefault(instanceId, Map.of())
                .get(v.volumeId());
        if (made != null) {
          return made;
        }
        log.info(
            "{}: one snapshot per volume per {} ms; waiting",
            v.volumeId(),
            snapshotInterval.toMillis());
        sleep(snapshotInterval, "waiting for the per-volume snapshot rate of " + v.volumeId());
      }
    }
  }

  @Override
  public SnapshotWaitResult awaitSnapshots(List<String> snapshotIds) {
    requireNonNull(snapshotIds, "snapshotIds is null");
    Map<String, String> failed = new TreeMap<>();
    List<String> waiting = new ArrayList<>(new java.util.LinkedHashSet<>(snapshotIds));
    long start = System.nanoTime();
    Duration poll = INITIAL_POLL;
    while (!waiting.isEmpty()) {
      Map<String, Snapshot> seen = new TreeMap<>();
      for (int i = 0; i < waiting.size(); i += SNAPSHOT_FILTER_CHUNK) {
        List<String> chunk =
            waiting.subList(i, Math.min(waiting.size(), i + SNAPSHOT_FILTER_CHUNK));
        // A filter, not SnapshotIds: one deleted snapshot must not fail the whole poll.
        for (var page :
            ec2.describeSnapshotsPaginator(
                DescribeSnapshotsRequest.builder()
                    .ownerIds("self")
                    .filters(filter("snapshot-id", chunk))
                    .build())) {
          page.snapshots().forEach(s -> seen.put(s.snapshotId(), s));
        }
      }
      boolean grace = Duration.ofNanos(System.nanoTime() - start).compareTo(NOT_FOUND_GRACE) < 0;
      List<String> still = new ArrayList<>();
      for (String id : waiting) {
        Snapshot s = seen.get(id);
        if (s == null) {
          if (grace) {
            still.add(id);
          } else {
            failed.put(id, "snapshot not found");
          }
        } else if ("error".equals(s.stateAsString())) {
          failed.put(
              id,
              "snapshot "
                  + id
                  + " of "
                  + s.volumeId()
                  + " is in state error"
                  + (s.stateMessage() == null ? "" : ": " + s.stateMessage()));
        } else if (!"completed".equals(s.stateAsString())) {
          still.add(id);
        }
      }
      waiting = still;
      heartbeat(
          (snapshotIds.size() - waiting.size()) + "/" + snapshotIds.size() + " snapshots done");
      if (!waiting.isEmpty()) {
        sleep(poll, null);
        poll = next(poll);
      }
    }
    if (!failed.isEmpty()) {
      log.warn("snapshots that will not complete: {}", failed);
    }
    return new SnapshotWaitResult(failed);
  }

  @Override
  public int deleteSnapshots(String workflowId, String runId, List<String> keepInstanceIds) {
    requireNonNull(workflowId, "workflowId is null");
    requireNonNull(runId, "runId is null");
    Set<String> keep = keepInstanceIds == null ? Set.of() : Set.copyOf(keepInstanceIds);
    List<String> ids = new ArrayList<>();
    for (var page :
        ec2.describeSnapshotsPaginator(
            DescribeSnapshotsRequest.builder()
                .ownerIds("self")
                .filters(
                    filter("tag:" + SnapshotActivities.WORKFLOW_ID_TAG, List.of(workflowId)),
                    filter("tag:" + SnapshotActivities.RUN_ID_TAG, List.of(runId)),
                    filter("tag:Purpose", List.of(PURPOSE)))
                .build())) {
      page.snapshots().stream()
          .filter(
              s ->
                  s.tags().stream()
                      .noneMatch(t -> t.key().equals("InstanceId") && keep.contains(t.value())))
          .forEach(s -> ids.add(s.snapshotId()));
    }
    int deleted = 0;
    for (String id : ids) {
      try {
        ec2.deleteSnapshot(b -> b.snapshotId(id));
        deleted++;
      } catch (Ec2Exception e) {
        if (!"InvalidSnapshot.NotFound".equals(code(e))) {
          throw e; // InvalidSnapshot.InUse (a restore is running): the retry tries again
        }
      }
      heartbeat("deleted " + deleted + "/" + ids.size());
    }
    log.info(
        "{} run {}: {} pre-patch snapshots deleted{}",
        workflowId,
        runId,
        deleted,
        keep.isEmpty() ? "" : ", those of " + keep + " kept (their rollback failed)");
    return deleted;
  }

  // ---- restore --------------------------------------------------------------------------------

  @Override
  public String restoreRootVolume(String instanceId, String snapshotId, String clientToken) {
    requireNonNull(instanceId, "instanceId is null");
    requireNonNull(snapshotId, "snapshotId is null");
    String token = clientToken(requireNonNull(clientToken, "clientToken is null"));
    String taskId =
        ec2.createReplaceRootVolumeTask(
                b -> b.instanceId(instanceId).snapshotId(snapshotId).clientToken(token))
            .replaceRootVolumeTask()
            .replaceRootVolumeTaskId();
    log.info("restoring {} from {}: task {}", instanceId, snapshotId, taskId);
    Duration poll = INITIAL_POLL;
    while (true) {
      ReplaceRootVolumeTask task =
          ec2.describeReplaceRootVolumeTasks(b -> b.replaceRootVolumeTaskIds(taskId))
              .replaceRootVolumeTasks()
              .get(0);
      String state = task.taskStateAsString();
      heartbeat("task " + taskId + " " + state);
      switch (state) {
        case "succeeded" -> {
          return taskId;
        }
        case "failed", "failed-detached" ->
            throw ApplicationFailure.newNonRetryableFailure(
                "replace-root-volume task "
                    + taskId
                    + " of "
                    + instanceId
                    + " from "
                    + snapshotId
                    + " ended "
                    + state,
                "RestoreFailed");
        default -> {
          sleep(poll, null);
          poll = next(poll);
        }
      }
    }
  }

  // ---- compliance -----------------------------------------------------------------------------

  @Override
  public List<InstanceCompliance> compliance(List<String> instanceIds) {
    checkBatch(instanceIds);
    Map<String, InstancePatchState> states = new TreeMap<>();
    ssm.describeInstancePatchStatesPaginator(b -> b.instanceIds(instanceIds))
        .forEach(page -> page.instancePatchStates().forEach(s -> states.put(s.instanceId(), s)));
    List<InstanceCompliance> out = new ArrayList<>();
    for (String id : instanceIds) {
      InstancePatchState s = states.get(id);
      if (s == null) {
        out.add(new InstanceCompliance(id, null));
        continue;
      }
      List<MissingPatch> missing = new ArrayList<>();
      if (count(s.missingCount()) + count(s.failedCount()) > 0) {
        PatchOrchestratorFilter state =
            PatchOrchestratorFilter.builder().key("State").values("Missing", "Failed").build();
        for (var page :
            ssm.describeInstancePatchesPaginator(
                b -> b.instanceId(id).filters(state).maxResults(100))) {
          for (PatchComplianceData p : page.patches()) {
            missing.add(
                new MissingPatch(
                    p.kbId(),
                    truncate(p.title(), 120),
                    p.classification(),
                    p.severity(),
                    stateName(p.stateAsString())));
          }
        }
      }
      missing.sort(MOST_SEVERE_FIRST);
      List<MissingPatch> listed =
          missing.size() > ComplianceReport.MAX_LISTED
              ? missing.subList(0, ComplianceReport.MAX_LISTED)
              : missing;
      out.add(
          new InstanceCompliance(
              id,
              new ComplianceReport(
                  count(s.installedCount())
                      + count(s.installedOtherCount())
                      + count(s.installedPendingRebootCount()),
                  count(s.missingCount()),
                  count(s.failedCount()),
                  listed)));
      heartbeat("compliance " + out.size() + "/" + instanceIds.size());
    }
    return out;
  }

  /** Failed before Missing, then by severity (Critical first), then by id. */
  static final Comparator<MissingPatch> MOST_SEVERE_FIRST =
      Comparator.comparingInt((MissingPatch p) -> "Failed".equals(p.state()) ? 0 : 1)
          .thenComparingInt(p -> severityRank(p.severity()))
          .thenComparing(p -> p.id() == null ? "" : p.id());

  static int severityRank(String severity) {
    if (severity == null) {
      return 9;
    }
    return switch (severity.toLowerCase(Locale.ROOT)) {
      case "critical" -> 0;
      case "important", "high" -> 1;
      case "moderate", "medium" -> 2;
      case "low" -> 3;
      default -> 4;
    };
  }

  /** SSM writes states as Missing / Failed; the model's enum spells them upper case. */
  private static String stateName(String raw) {
    if (raw == null) {
      return null;
    }
    return switch (raw.toUpperCase(Locale.ROOT)) {
      case "MISSING" -> "Missing";
      case "FAILED" -> "Failed";
      default -> raw;
    };
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void checkBatch(List<String> instanceIds) {
    requireNonNull(instanceIds, "instanceIds is null");
    if (instanceIds.isEmpty() || instanceIds.size() > MAX_INSTANCES) {
      throw ApplicationFailure.newNonRetryableFailure(
          "1 to " + MAX_INSTANCES + " instances per call, not " + instanceIds.size(),
          "InvalidInput");
    }
  }

  /** The caller's token, hashed to 64 hex characters when longer than EC2 allows. */
  static String clientToken(String token) {
    if (token.length() <= MAX_CLIENT_TOKEN
        && StandardCharsets.US_ASCII.newEncoder().canEncode(token)) {
      return token;
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int count(Integer n) {
    return n == null ? 0 : n;
  }

  private static String code(Ec2Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static Duration next(Duration poll) {
    Duration doubled = poll.multipliedBy(2);
    return doubled.compareTo(MAX_POLL) > 0 ? MAX_POLL : doubled;
  }

  /** Sleeps in slices of at most 5 s with a heartbeat after each, so a cancel is noticed. */
  private static void sleep(Duration total, String details) {
    long end = System.nanoTime() + total.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), 5_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure("interrupted while waiting", "Interrupted");
      }
      if (details != null) {
        heartbeat(details);
      }
    }
  }

  private static void heartbeat(String details) {
    Activity.getExecutionContext().heartbeat(details);
  }
}
