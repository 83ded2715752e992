package io.ssmflow.workflows.deploy;

import io.ssmflow.workflows.alarm.AlarmSettings;
import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.ssmflow.workflows.wave.WavePlan;
import java.time.Duration;

/**
 * Everything a deployment needs, validated by the CLI before the workflow starts.
 *
 * @param app application name ([A-Za-z0-9._-], validated)
 * @param version version to deploy (validated)
 * @param environment environment name (validated)
 * @param targets which instances
 * @param maxConcurrency SSM's MaxConcurrency (e.g. 10 or 25%)
 * @param maxErrors SSM's MaxErrors (e.g. 0 or 10%)
 * @param canaryCount instances deployed first, alone (0: no canary)
 * @param approvalRequired wait for approve/reject after the canary (or before the rollout when
 *     there is no canary)
 * @param approvalTimeout how long to wait for a decision; no decision rejects
 * @param failurePolicy what to do on failure or cancel
 * @param spec the steps to run
 * @param snsTopicArn where to publish the summary (null: none)
 * @param metricsNamespace CloudWatch namespace (null: no metrics)
 * @param launchCutoffMillis epoch millis after which no instance starts (a maintenance window's
 *     cutoff; instances not started end SKIPPED with reason {@value #CUTOFF}); 0 = none
 * @param waves the wave plan ({@code --waves}); null: the canary (if any), then the rest
 * @param bake how long to wait after each wave with the alarms watched (null or zero: none)
 * @param approveAfterWave the wave after which the approval gate sits (0: after the canary, or
 *     after the first wave, or before the rollout when there is one wave)
 * @param alarms the CloudWatch alarms that gate the run (null: none)
 */
public record DeploymentRequest(
    String app,
    String version,
    String environment,
    TargetSpec targets,
    RateLimit maxConcurrency,
    RateLimit maxErrors,
    int canaryCount,
    boolean approvalRequired,
    Duration approvalTimeout,
    FailurePolicy failurePolicy,
    DeploymentSpec spec,
    String snsTopicArn,
    String metricsNamespace,
    long launchCutoffMillis,
    WavePlan waves,
    Duration bake,
    int approveAfterWave,
    AlarmSettings alarms) {
  /** The longest bake a request may ask for. */
  public static final Duration MAX_BAKE = Duration.ofDays(1);

  /** A request without waves, bake or alarms (the form before wave plans). */
  public DeploymentRequest(
      String app,
      String version,
      String environment,
      TargetSpec targets,
      RateLimit maxConcurrency,
      RateLimit maxErrors,
      int canaryCount,
      boolean approvalRequired,
      Duration approvalTimeout,
      FailurePolicy failurePolicy,
      DeploymentSpec spec,
      String snsTopicArn,
      String metricsNamespace,
      long launchCutoffMillis) {
    this(
        app,
        version,
        environment,
        targets,
        maxConcurrency,
        maxErrors,
        canaryCount,
        approvalRequired,
        approvalTimeout,
        failurePolicy,
        spec,
        snsTopicArn,
        metricsNamespace,
        launchCutoffMillis,
        null,
        null,
        0,
        null);
  }

  /** The waves this request runs: its plan, or the canary then the rest, or one wave. */
  public WavePlan wavePlan() {
    return waves != null
        ? waves
        : canaryCount > 0 ? WavePlan.canary(canaryCount) : WavePlan.single();
  }

  /**
   * Whether the rollout may start on the first page of targets while the rest is resolved: only one
   * pass over every instance, with absolute MaxConcurrency and MaxErrors (a percentage, waves, a
   * canary or an approval before the start need the whole fleet first).
   */
  public boolean startsOnFirstPage() {
    return waves == null
        && canaryCount == 0
        && !approvalRequired
        && !maxConcurrency.percent()
        && !maxErrors.percent();
  }

  /** The bake after each wave (zero when none). */
  public Duration bakeTime() {
    return bake == null ? Duration.ZERO : bake;
  }

  /** The reason of instances not started because the launch cutoff passed. */
  public static final String CUTOFF = "cutoff";

  /** The longest approval wait a request may ask for. */
  public static final Duration MAX_APPROVAL_TIMEOUT = Duration.ofDays(30);

  /** This request with a launch cutoff (epoch millis, 0 = none). */
  public DeploymentRequest withLaunchCutoff(long cutoffMillis) {
    return toBuilder().launchCutoffMillis(cutoffMillis).build();
  }

  /** A builder for {@code app} {@code version} to {@code environment} on {@code targets}. */
  public static Builder newBuilder(
      String app, String version, String environment, TargetSpec targets) {
    return new Builder(app, version, environment, targets);
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return new Builder(app, version, environment, targets)
        .maxConcurrency(maxConcurrency)
        .maxErrors(maxErrors)
        .canaryCount(canaryCount)
        .approval(approvalRequired, approvalTimeout)
        .failurePolicy(failurePolicy)
        .spec(spec)
        .snsTopicArn(snsTopicArn)
        .metricsNamespace(metricsNamespace)
        .launchCutoffMillis(launchCutoffMillis)
        .waves(waves)
        .bake(bake)
        .approveAfterWave(approveAfterWave)
        .alarms(alarms);
  }

  /**
   * Builds a validated {@link DeploymentRequest}. Defaults: MaxConcurrency 25%, MaxErrors 0, no
   * canary, no approval (1 h when asked), rollback-all, the built-in spec.
   */
  public static final class Builder {
    private final String app;
    private final String version;
    private final String environment;
    private final TargetSpec targets;
    private RateLimit maxConcurrency = RateLimit.maxConcurrency("25%");
    private RateLimit maxErrors = RateLimit.maxErrors("0");
    private int canaryCount;
    private boolean approvalRequired;
    private Duration approvalTimeout = Duration.ofHours(1);
    private FailurePolicy failurePolicy = FailurePolicy.ROLLBACK_ALL;
    private DeploymentSpec spec = DeploymentSpecs.defaultSpec();
    private String snsTopicArn;
    private String metricsNamespace;
    private long launchCutoffMillis;
    private WavePlan waves;
    private Duration bake;
    private int approveAfterWave;
    private AlarmSettings alarms;

    private Builder(String app, String version, String environment, TargetSpec targets) {
      this.app = app;
      this.version = version;
      this.environment = environment;
      this.targets = targets;
    }

    public Builder maxConcurrency(RateLimit value) {
      maxConcurrency = value;
      return this;
    }

    public Builder maxErrors(RateLimit value) {
      maxErrors = value;
      return this;
    }

    public Builder canaryCount(int n) {
      canaryCount = n;
      return this;
    }

    /** Whether to wait for approve/reject (after the canary), and for how long. */
    public Builder approval(boolean required, Duration timeout) {
      approvalRequired = required;
      approvalTimeout = timeout;
      return this;
    }

    public Builder failurePolicy(FailurePolicy policy) {
      failurePolicy = policy;
      return this;
    }

    public Builder spec(DeploymentSpec value) {
      spec = value;
      return this;
    }

    public Builder snsTopicArn(String arn) {
      snsTopicArn = arn;
      return this;
    }

    public Builder metricsNamespace(String namespace) {
      metricsNamespace = namespace;
      return this;
    }

    public Builder launchCutoffMillis(long epochMillis) {
      launchCutoffMillis = epochMillis;
      return this;
    }

    /** The wave plan (null: the canary, if any, then the rest). */
    public Builder waves(WavePlan plan) {
      waves = plan;
      return this;
    }

    /** How long to wait after each wave, alarms watched (null or zero: none). */
    public Builder bake(Duration value) {
      bake = value;
      return this;
    }

    /** The wave after which the approval gate sits (needs {@link #approval}; 0: default). */
    public Builder approveAfterWave(int wave) {
      approveAfterWave = wave;
      return this;
    }

    /** The CloudWatch alarms that gate the run (null: none). */
    public Builder alarms(AlarmSettings value) {
      alarms = value;
      return this;
    }

    /**
     * The request.
     *
     * @throws IllegalArgumentException with one line naming what is wrong
     */
    public DeploymentRequest build() {
      new TemplateValues(app, version, environment, null);
      if (targets == null) {
        throw new IllegalArgumentException("targets are required");
      }
      if (maxConcurrency == null || maxErrors == null || failurePolicy == null || spec == null) {
        throw new IllegalArgumentException(
            "max-concurrency, max-errors, failure policy and spec" + " are required");
      }
      if (maxConcurrency.value() < 1) {
        throw new IllegalArgumentException("max-concurrency must be at least 1 or 1%");
      }
      if (canaryCount < 0) {
        throw new IllegalArgumentException("canary must be 0 or more, not " + canaryCount);
      }
      if (approvalTimeout == null
          || approvalTimeout.isNegative()
          || approvalTimeout.isZero()
          || approvalTimeout.compareTo(MAX_APPROVAL_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "approval-timeout must be positive and at most 30d," + " not " + approvalTimeout);
      }
      if (canaryCount > 0 && waves != null) {
        throw new IllegalArgumentException(
            "canary N is shorthand for waves N,100%: give" + " --canary or --waves, not both");
      }
      if (bake != null && (bake.isNegative() || bake.compareTo(MAX_BAKE) > 0)) {
        throw new IllegalArgumentException("bake must be between 0 and 1d, not " + bake);
      }
      if (approveAfterWave < 0) {
        throw new IllegalArgumentException(
            "approve-after-wave must be 1 or more, not " + approveAfterWave);
      }
      if (approveAfterWave > 0 && !approvalRequired) {
        throw new IllegalArgumentException("approve-after-wave needs the approval gate");
      }
      SpecTemplates.validate(spec);
      return new DeploymentRequest(
          app,
          version,
          environment,
          targets,
          maxConcurrency,
          maxErrors,
          canaryCount,
          approvalRequired,
          approvalTimeout,
          failurePolicy,
          spec,
          snsTopicArn,
          metricsNamespace,
          launchCutoffMillis,
          waves,
          bake == null || bake.isZero() ? null : bake,
          approveAfterWave,
          alarms);
    }
  }
}
