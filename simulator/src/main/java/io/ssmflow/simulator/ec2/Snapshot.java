package io.ssmflow.simulator.ec2;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * An EBS snapshot: a point-in-time copy of a volume's data taken when it was created. It reads
 * {@code pending} until {@code completesAt}, then {@code completed}; the state is derived from the
 * clock, so no timer has to flip it.
 *
 * @param id {@code snap-} + 17 hex
 * @param volumeId the volume it was taken from
 * @param rootOf the instance whose root volume lineage the volume belongs to (null: none)
 * @param description the caller's description ("" when none)
 * @param volumeSizeGiB the source volume's size
 * @param startTime when it was taken
 * @param completesAt when it reads completed
 * @param data the copy on disk
 * @param sequence creation order, for stable paging
 */
record Snapshot(
    String id,
    String volumeId,
    String rootOf,
    String description,
    int volumeSizeGiB,
    Instant startTime,
    Instant completesAt,
    Path data,
    long sequence) {

  boolean completed(Instant now) {
    return !now.isBefore(completesAt);
  }

  String state(Instant now) {
    return completed(now) ? "completed" : "pending";
  }

  /** {@code 100%} when completed, else the share of the duration elapsed (at most 99%). */
  String progress(Instant now) {
    if (completed(now)) {
      return "100%";
    }
    long total = Duration.between(startTime, completesAt).toMillis();
    long done = Duration.between(startTime, now).toMillis();
    long percent = total <= 0 ? 99 : Math.min(99, Math.max(0, done * 100 / total));
    return percent + "%";
  }
}
