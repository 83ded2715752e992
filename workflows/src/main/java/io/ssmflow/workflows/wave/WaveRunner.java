package io.ssmflow.workflows.wave;

import io.ssmflow.workflows.alarm.AlarmWatcher;
import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.fleetrun.FleetRun;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.notify.Notifications;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What deploy and patch share about waves (docs/waves.md): which wave runs, a wave's pass run with
 * the alarms watched (an alarm that fires stops the pass's launching), the bake after a wave, and
 * per-wave CloudWatch metrics with a {@code Wave} dimension. The flow decides what a wave holds and
 * what ends the run.
 *
 * <p>Workflow code: it lives in the workflow's instance and calls activities and timers through the
 * alarm watcher and the fleet run it is given.
 */
public final class WaveRunner {
  private static final Logger log = Workflow.getLogger(WaveRunner.class);

  private final AlarmWatcher alarms;
  private final FleetRun runs;

  private int wave;
  private int count;

  /** When the running bake ends (epoch millis), 0 when not baking. */
  private long bakeEndMillis;

  public WaveRunner(AlarmWatcher alarms, FleetRun runs) {
    this.alarms = alarms;
    this.runs = runs;
  }

  /** The plan has {@code count} waves (0: the run has no waves). */
  public void plan(int count) {
    this.count = count;
  }

  /** Wave {@code k} (1-based; 0 when the run has no waves) is the one running now. */
  public void enter(int k) {
    wave = k;
  }

  /** The wave running or last run (1-based), 0 before the first. */
  public int wave() {
    return wave;
  }

  /** How many waves the plan has. */
  public int count() {
    return count;
  }

  /**
   * Runs one pass with the alarms watched meanwhile: an alarm that fires stops the fleet run's
   * launching (the instances in flight finish). Answers what the pass answers.
   */
  public <T> T watched(String what, Supplier<T> pass) {
    CancellationScope watch = alarms.watchWhile(what, () -> runs.stop(alarms.stopReason()));
    try {
      return pass.get();
    } finally {
      if (alarms.enabled()) {
        watch.cancel();
      }
    }
  }

  /**
   * The bake after wave {@code k}: waits {@code bake} with the alarms watched, the phase set
   * through {@code phase}. Answers whether an alarm fired (no bake: false).
   */
  public boolean bake(int k, Duration bake, BiConsumer<String, String> phase) {
    if (bake == null || bake.isZero()) {
      return false;
    }
    phase.accept(
        "baking",
        "after wave "
            + k
            + "/"
            + Math.max(count, 1) // a run without waves bakes after its one pass
            + " for "
            + bake.toSeconds()
            + " s"
            + (alarms.enabled() ? ", alarms watched" : ""));
    bakeEndMillis = Workflow.currentTimeMillis() + bake.toMillis();
    try {
      alarms.watchUntil("bake after wave " + k, bakeEndMillis);
    } finally {
      bakeEndMillis = 0;
    }
    return alarms.fired();
  }

  /** Seconds left in the running bake, rounded up; 0 when not baking. */
  public long bakeSecondsLeft() {
    return bakeEndMillis == 0
        ? 0
        : Math.max(0, (bakeEndMillis - Workflow.currentTimeMillis() + 999) / 1000);
  }

  /** The succeeded and failed instances of one wave, for its metrics. */
  public record WaveCounts(int succeeded, int failed) {}

  /**
   * Puts wave {@code k}'s InstancesSucceeded and InstancesFailed under {@code dimensions} plus a
   * {@code Wave} dimension, so alarms can be built on them. No namespace: nothing is put; a failed
   * put is logged, never fatal.
   */
  public static void putMetrics(
      NotificationActivities notifications,
      String namespace,
      Map<String, String> dimensions,
      int k,
      Supplier<WaveCounts> counts) {
    Map<String, String> withWave = new LinkedHashMap<>(dimensions);
    withWave.put("Wave", Integer.toString(k));
    Notifications.putMetrics(
        notifications,
        namespace,
        withWave,
        () -> {
          WaveCounts c = counts.get();
          return List.of(
              new MetricDatum("InstancesSucceeded", c.succeeded(), "Count"),
              new MetricDatum("InstancesFailed", c.failed(), "Count"));
        },
        e -> log.warn("CloudWatch metrics of wave {} not put: {}", k, Failures.message(e)));
  }
}
