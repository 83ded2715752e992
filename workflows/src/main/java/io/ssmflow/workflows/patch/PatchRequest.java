package io.ssmflow.workflows.patch;

import io.ssmflow.workflows.alarm.AlarmSettings;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.ssmflow.workflows.wave.WavePlan;
import java.time.Duration;
import java.util.List;

/**
 * Everything a patch run needs, validated by the CLI before the workflow starts.
 *
 * @param targets a patch group, tag filters or instance ids
 * @param operation Scan or Install
 * @param rebootOption RebootIfNeeded or NoReboot
 * @param environment environment name ([A-Za-z0-9._-]; "production" defaults the unhealthy policy
 *     to ABORT)
 * @param maxConcurrency SSM-style MaxConcurrency (e.g. 10 or 25%)
 * @param maxErrors SSM-style MaxErrors (e.g. 0 or 10%)
 * @param healthCommands the pre-patch health check's shell lines (exit 0 = healthy)
 * @param validationCommands the post-patch validation's shell lines (exit 0 = valid)
 * @param unhealthyPolicy what an unhealthy instance does to the run
 * @param snapshotRetention how long the pre-patch snapshots are kept after the run
 * @param keepSnapshots never delete the pre-patch snapshots
 * @param snsTopicArn where to publish the summary / alert (null: none)
 * @param metricsNamespace CloudWatch namespace (null: no metrics)
 * @param launchCutoffMillis epoch millis after which no instance starts (a maintenance window's
 *     cutoff; instances not started end SKIPPED with reason "cutoff"); 0 = none
 * @param alarms CloudWatch alarms that gate an Install (null: none): read before the start, watched
 *     while instances launch; one in ALARM stops launching (docs/waves.md)
 * @param waves the Install's wave plan (null: one wave)
 * @param bake how long to wait after each wave of an Install, alarms watched (null: none)
 */
public record PatchRequest(
    TargetSpec targets,
    PatchOperation operation,
    RebootOption rebootOption,
    String environment,
    RateLimit maxConcurrency,
    RateLimit maxErrors,
    List<String> healthCommands,
    List<String> validationCommands,
    UnhealthyPolicy unhealthyPolicy,
    Duration snapshotRetention,
    boolean keepSnapshots,
    String snsTopicArn,
    String metricsNamespace,
    long launchCutoffMillis,
    AlarmSettings alarms,
    WavePlan waves,
    Duration bake) {
  /** A request without alarms (the form before alarm gates). */
  public PatchRequest(
      TargetSpec targets,
      PatchOperation operation,
      RebootOption rebootOption,
      String environment,
      RateLimit maxConcurrency,
      RateLimit maxErrors,
      List<String> healthCommands,
      List<String> validationCommands,
      UnhealthyPolicy unhealthyPolicy,
      Duration snapshotRetention,
      boolean keepSnapshots,
      String snsTopicArn,
      String metricsNamespace,
      long launchCutoffMillis) {
    this(
        targets,
        operation,
        rebootOption,
        environment,
        maxConcurrency,
        maxErrors,
        healthCommands,
        validationCommands,
        unhealthyPolicy,
        snapshotRetention,
        keepSnapshots,
        snsTopicArn,
        metricsNamespace,
        launchCutoffMillis,
        null,
        null,
        null);
  }

  /** This request gated by these alarms (null: none). */
  public PatchRequest withAlarms(AlarmSettings settings) {
    return new PatchRequest(
        targets,
        operation,
        rebootOption,
        environment,
        maxConcurrency,
        maxErrors,
        healthCommands,
        validationCommands,
        unhealthyPolicy,
        snapshotRetention,
        keepSnapshots,
        snsTopicArn,
        metricsNamespace,
        launchCutoffMillis,
        settings,
        waves,
        bake);
  }

  /** This request in waves with a bake after each (nulls: one wave, no bake). */
  public PatchRequest withWaves(WavePlan plan, Duration bakeTime) {
    return new PatchRequest(
        targets,
        operation,
        rebootOption,
        environment,
        maxConcurrency,
        maxErrors,
        healthCommands,
        validationCommands,
        unhealthyPolicy,
        snapshotRetention,
        keepSnapshots,
        snsTopicArn,
        metricsNamespace,
        launchCutoffMillis,
        alarms,
        plan,
        bakeTime == null || bakeTime.isZero() ? null : bakeTime);
  }

  public PatchRequest {
    healthCommands = healthCommands == null ? List.of() : List.copyOf(healthCommands);
    validationCommands = validationCommands == null ? List.of() : List.copyOf(validationCommands);
  }

  /** This request with a launch cutoff (epoch millis, 0 = none). */
  public PatchRequest withLaunchCutoff(long cutoffMillis) {
    return new PatchRequest(
        targets,
        operation,
        rebootOption,
        environment,
        maxConcurrency,
        maxErrors,
        healthCommands,
        validationCommands,
        unhealthyPolicy,
        snapshotRetention,
        keepSnapshots,
        snsTopicArn,
        metricsNamespace,
        cutoffMillis,
        alarms,
        waves,
        bake);
  }

  /**
   * Checks what a run needs that a request built by hand may lack.
   *
   * @throws IllegalArgumentException one line naming what is missing
   */
  public void requireComplete() {
    if (targets == null || operation == null) {
      throw new IllegalArgumentException("targets and operation are required");
    }
    if (maxConcurrency == null || maxErrors == null) {
      throw new IllegalArgumentException("max-concurrency and max-errors are required");
    }
    if (operation == PatchOperation.INSTALL && rebootOption == null) {
      throw new IllegalArgumentException("Install needs a reboot option");
    }
  }

  /** The request's policy; without one, production aborts and other environments skip. */
  public UnhealthyPolicy unhealthyPolicyOrDefault() {
    if (unhealthyPolicy != null) {
      return unhealthyPolicy;
    }
    return "production".equalsIgnoreCase(environment)
        ? UnhealthyPolicy.ABORT
        : UnhealthyPolicy.SKIP;
  }
}
