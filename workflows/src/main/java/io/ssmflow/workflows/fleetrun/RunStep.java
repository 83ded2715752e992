package io.ssmflow.workflows.fleetrun;

import java.time.Duration;
import java.util.List;

/**
 * One step of a {@link RunPlan}. Build it with the factory methods.
 *
 * @param name a short name (shown per instance and in the command comment)
 * @param kind what the step does
 * @param commands the shell lines of a SHELL step (rendered and validated), else empty
 * @param executionTimeoutSeconds a command's executionTimeout (0 for non-command steps)
 * @param deliveryTimeoutSeconds SendCommand's TimeoutSeconds (delivery)
 * @param attempts how many times a failing command runs before the step fails
 * @param retryDelay the pause between attempts
 * @param patchOperation Scan or Install (PATCH_BASELINE)
 * @param rebootOption RebootIfNeeded or NoReboot (PATCH_BASELINE, may be null)
 * @param patchSnapshotId the baseline snapshot GUID of the run (PATCH_BASELINE, may be null)
 */
public record RunStep(
    String name,
    StepKind kind,
    List<String> commands,
    int executionTimeoutSeconds,
    int deliveryTimeoutSeconds,
    int attempts,
    Duration retryDelay,
    String patchOperation,
    String rebootOption,
    String patchSnapshotId) {
  /** SendCommand's default delivery timeout for ssmflow's commands. */
  public static final int DEFAULT_DELIVERY_TIMEOUT_SECONDS = 120;

  public RunStep {
    if (name == null || name.isBlank() || kind == null) {
      throw new IllegalArgumentException("a step needs a name and a kind");
    }
    commands = commands == null ? List.of() : List.copyOf(commands);
    retryDelay = retryDelay == null ? Duration.ZERO : retryDelay;
    if (attempts < 1) {
      throw new IllegalArgumentException("step " + name + ": attempts must be at least 1");
    }
    if (kind == StepKind.SHELL && commands.isEmpty()) {
      throw new IllegalArgumentException("step " + name + ": a shell step needs commands");
    }
  }

  /** A shell step run once. */
  public static RunStep shell(String name, List<String> commands, int timeoutSeconds) {
    return new RunStep(
        name,
        StepKind.SHELL,
        commands,
        timeoutSeconds,
        DEFAULT_DELIVERY_TIMEOUT_SECONDS,
        1,
        Duration.ZERO,
        null,
        null,
        null);
  }

  /** AWS-RunPatchBaseline. */
  public static RunStep patchBaseline(
      String name,
      String operation,
      String rebootOption,
      String patchSnapshotId,
      int timeoutSeconds,
      int deliveryTimeoutSeconds) {
    return new RunStep(
        name,
        StepKind.PATCH_BASELINE,
        List.of(),
        timeoutSeconds,
        deliveryTimeoutSeconds,
        1,
        Duration.ZERO,
        operation,
        rebootOption,
        patchSnapshotId);
  }

  /** Snapshots of every volume, waited to completed. */
  public static RunStep snapshot(String name) {
    return new RunStep(
        name, StepKind.SNAPSHOT, List.of(), 0, 0, 1, Duration.ZERO, null, null, null);
  }

  /** Restore of the root volume from the snapshot step's restore point. */
  public static RunStep restore(String name) {
    return new RunStep(name, StepKind.RESTORE, List.of(), 0, 0, 1, Duration.ZERO, null, null, null);
  }

  /** This step run up to {@code n} times, {@code delay} apart, until it succeeds. */
  public RunStep withAttempts(int n, Duration delay) {
    return new RunStep(
        name,
        kind,
        commands,
        executionTimeoutSeconds,
        deliveryTimeoutSeconds,
        n,
        delay,
        patchOperation,
        rebootOption,
        patchSnapshotId);
  }

  /** This step with another delivery timeout. */
  public RunStep withDeliveryTimeout(int seconds) {
    return new RunStep(
        name,
        kind,
        commands,
        executionTimeoutSeconds,
        seconds,
        attempts,
        retryDelay,
        patchOperation,
        rebootOption,
        patchSnapshotId);
  }
}
