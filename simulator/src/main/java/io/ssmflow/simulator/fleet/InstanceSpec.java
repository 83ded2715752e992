package io.ssmflow.simulator.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of a fleet file: a group of {@code count} alike instances named {@code
 * namePrefix-1..N}, or a single named instance.
 */
public record InstanceSpec(
    int count,
    String name,
    String namePrefix,
    String id,
    Map<String, String> tags,
    String platform,
    String platformName,
    String platformVersion,
    String instanceType,
    String state,
    String pingStatus,
    ExecutionMode mode,
    Latency latency,
    int exitCode,
    List<Patch> pendingPatches,
    List<Patch> installedPatches,
    Map<String, String> files,
    List<VolumeSpec> extraVolumes,
    int rootVolumeSizeGiB,
    LoadAverage loadAverage,
    Duration uptime,
    List<FaultRule> faults,
    int line) {

  /** An additional (non-root) EBS volume. */
  public record VolumeSpec(String device, int sizeGiB) {}

  /** The instance names this entry stands for. */
  public List<String> names() {
    if (name != null) {
      return List.of(name);
    }
    return java.util.stream.IntStream.rangeClosed(1, count)
        .mapToObj(i -> namePrefix + "-" + i)
        .toList();
  }
}
