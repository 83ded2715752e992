package io.ssmflow.simulator.ec2;

import java.time.Instant;

/**
 * A replace-root-volume task: {@code pending}, then {@code in-progress} while the instance reboots,
 * then {@code succeeded} (or {@code failed}) once the sandbox has been restored.
 */
final class ReplaceRootVolumeTask {
  private final String id;
  private final String instanceId;
  private final String snapshotId;
  private final String imageId;
  private final boolean deleteReplacedRootVolume;
  private final String clientToken;
  private final Instant startTime;
  private final long sequence;
  private String state = "pending";
  private Instant completeTime;

  ReplaceRootVolumeTask(
      String id,
      String instanceId,
      String snapshotId,
      String imageId,
      boolean deleteReplacedRootVolume,
      String clientToken,
      Instant startTime,
      long sequence) {
    this.id = id;
    this.instanceId = instanceId;
    this.snapshotId = snapshotId;
    this.imageId = imageId;
    this.deleteReplacedRootVolume = deleteReplacedRootVolume;
    this.clientToken = clientToken;
    this.startTime = startTime;
    this.sequence = sequence;
  }

  String id() {
    return id;
  }

  String instanceId() {
    return instanceId;
  }

  /** The snapshot restored, or null when the volume goes back to its launch state. */
  String snapshotId() {
    return snapshotId;
  }

  String imageId() {
    return imageId;
  }

  boolean deleteReplacedRootVolume() {
    return deleteReplacedRootVolume;
  }

  String clientToken() {
    return clientToken;
  }

  Instant startTime() {
    return startTime;
  }

  long sequence() {
    return sequence;
  }

  synchronized String state() {
    return state;
  }

  synchronized Instant completeTime() {
    return completeTime;
  }

  /** Still holding its instance and snapshot (pending or in-progress). */
  synchronized boolean active() {
    return "pending".equals(state) || "in-progress".equals(state);
  }

  synchronized void start() {
    if ("pending".equals(state)) {
      state = "in-progress";
    }
  }

  synchronized void finish(boolean success, Instant at) {
    state = success ? "succeeded" : "failed";
    completeTime = at;
  }
}
