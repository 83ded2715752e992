/**
 * The simulator's EC2 (EC2 Query protocol, XML answers in the 2016-11-15 namespace).
 *
 * <p>Actions: DescribeInstances, CreateTags, DeleteTags, DescribeVolumes, CreateSnapshot,
 * DescribeSnapshots, DeleteSnapshot, CreateReplaceRootVolumeTask, DescribeReplaceRootVolumeTasks,
 * StopInstances, StartInstances, RebootInstances. Filters take {@code *} and {@code ?} wildcards;
 * values of one filter are ORed and filters ANDed; paging is by MaxResults and an opaque NextToken
 * over a stable order. Instance tags are the fleet's tags, which SSM targeting reads too.
 *
 * <p>Snapshots copy the volume's data directory (for a root volume the instance's sandbox) into
 * {@code <state dir>/snapshots/<snap-id>/} at creation; they read {@code pending} for {@code
 * snapshotDuration}, and a volume takes one snapshot per {@code snapshotInterval}
 * (SnapshotCreationPerVolumeRateExceeded otherwise). A replace-root-volume task is {@code pending},
 * then {@code in-progress} (the agent is ConnectionLost: the instance reboots), then {@code
 * succeeded} once the sandbox has been replaced by the snapshot's copy; the instance gets a new
 * root volume id and the old one stays {@code available} with its data (under {@code <state
 * dir>/volumes/}) unless DeleteReplacedRootVolume is true.
 *
 * <p>Admin routes: {@code GET/POST /_sim/ec2/knobs} ({@code {"snapshotDuration": "1s",
 * "snapshotInterval": "15s", "replaceRootDuration": "1s", "stateChangeDuration": "300ms"}}), {@code
 * GET /_sim/snapshots} (with each copy's path), {@code GET /_sim/replace-root-volume-tasks}. A
 * simulator reset forgets snapshots and tasks, deletes the copies and restores the knobs.
 */
package io.ssmflow.simulator.ec2;
