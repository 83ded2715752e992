package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.snapshot.InstanceSnapshots;
import io.ssmflow.workflows.snapshot.SnapshotActivities;
import io.ssmflow.workflows.snapshot.SnapshotWaitResult;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * In-memory EC2 side of a patch run: two volumes per instance (root, data), snapshots that complete
 * at once, restores that succeed unless told otherwise; records every call.
 */
final class FakePatchActivities implements PatchActivities, SnapshotActivities {
  private final Set<String> restoreFails = new HashSet<>();
  private final Set<String> snapshotFails = new HashSet<>();
  private final List<String> snapshotted = new ArrayList<>();

  /** The commands' journal, to order snapshots and installs (null: not recorded). */
  List<String> journal;

  private final Map<String, String> restoredFrom = new TreeMap<>();
  private final List<List<String>> deletes = new ArrayList<>();
  private int restoreCalls;

  synchronized void failRestoreOf(String instanceId) {
    restoreFails.add(instanceId);
  }

  synchronized void failSnapshotOf(String instanceId) {
    snapshotFails.add(instanceId);
  }

  static String rootSnapshot(String instanceId) {
    return "snap-root-" + instanceId.substring(2);
  }

  @Override
  public synchronized List<InstanceSnapshots> createSnapshots(
      String workflowId, String runId, List<String> instanceIds) {
    List<InstanceSnapshots> out = new ArrayList<>();
    for (String id : instanceIds) {
      snapshotted.add(id);
      if (journal != null) {
        journal.add("snapshot " + id);
      }
      out.add(
          new InstanceSnapshots(
              id, rootSnapshot(id), List.of(rootSnapshot(id), "snap-data-" + id.substring(2))));
    }
    return out;
  }

  @Override
  public synchronized SnapshotWaitResult awaitSnapshots(List<String> snapshotIds) {
    Map<String, String> failed = new TreeMap<>();
    for (String id : snapshotIds) {
      for (String bad : snapshotFails) {
        if (id.equals(rootSnapshot(bad))) {
          failed.put(id, "snapshot " + id + " is in state error");
        }
      }
    }
    return new SnapshotWaitResult(failed);
  }

  @Override
  public synchronized String restoreRootVolume(
      String instanceId, String snapshotId, String clientToken) {
    restoreCalls++;
    if (restoreFails.contains(instanceId)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "replace-root-volume task replacevol-1 of "
              + instanceId
              + " from "
              + snapshotId
              + " ended failed",
          "RestoreFailed");
    }
    restoredFrom.put(instanceId, snapshotId);
    return "replacevol-" + instanceId.substring(2);
  }

  @Override
  public synchronized int deleteSnapshots(
      String workflowId, String runId, List<String> keepInstanceIds) {
    deletes.add(List.of(workflowId, runId, String.join(",", keepInstanceIds)));
    return 2;
  }

  @Override
  public synchronized List<InstanceCompliance> compliance(List<String> instanceIds) {
    List<InstanceCompliance> out = new ArrayList<>();
    for (String id : instanceIds) {
      out.add(
          new InstanceCompliance(
              id,
              new ComplianceReport(
                  10,
                  2,
                  0,
                  List.of(
                      new MissingPatch(
                          "KB5031356",
                          "2023-10 Cumulative Update",
                          "SecurityUpdates",
                          "Critical",
                          "Missing"),
                      new MissingPatch("tzdata-2024a", "tzdata", "Bugfix", "Low", "Missing")))));
    }
    return out;
  }

  synchronized List<String> snapshotted() {
    return List.copyOf(snapshotted);
  }

  synchronized Map<String, String> restoredFrom() {
    return Map.copyOf(restoredFrom);
  }

  synchronized int restoreCalls() {
    return restoreCalls;
  }

  synchronized List<List<String>> deletes() {
    return List.copyOf(deletes);
  }
}
