package io.ssmflow.simulator.fleet;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An EBS volume. The root volume's data is the instance's sandbox (its root filesystem); other
 * volumes have a directory of their own.
 */
public record Volume(
    String id,
    String instanceId,
    String device,
    int sizeGiB,
    boolean root,
    Path data,
    String availabilityZone,
    Instant createTime) {}
