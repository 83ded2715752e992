package io.ssmflow.workflows.alarm;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The alarm gate of a flow (workflow code): reads the alarms before the run starts, watches them
 * while instances launch (in the background, while the flow's pass runs) and during each bake.
 *
 * <p>History stays bounded (docs/design.md §4.5): a watch is ONE activity that polls DescribeAlarms
 * every {@code poll} with heartbeats and answers when an alarm fires or after at most {@link
 * #WATCH_LENGTH}, so an hour of bake costs four activities, not 360 timers.
 */
public final class AlarmWatcher {
  /** The longest single watch activity. */
  public static final Duration WATCH_LENGTH = Duration.ofMinutes(15);

  private static final Logger log = Workflow.getLogger(AlarmWatcher.class);

  private final AlarmSettings settings;
  private final AlarmActivities read =
      Workflow.newActivityStub(AlarmActivities.class, AlarmActivityOptions.read());
  private final AlarmActivities watch =
      Workflow.newActivityStub(AlarmActivities.class, AlarmActivityOptions.watch(WATCH_LENGTH));
  private final Map<String, Long> ignored = new TreeMap<>();
  private List<AlarmState> states = List.of();
  private AlarmState trigger;
  private String failure;

  /** A gate over these alarms (null or empty settings: a gate that never fires). */
  public AlarmWatcher(AlarmSettings settings) {
    this.settings = settings;
  }

  public boolean enabled() {
    return settings != null && !settings.selection().none();
  }

  /** The alarms as last read. */
  public List<AlarmState> states() {
    return states;
  }

  /** The alarm that stopped the run, or null. */
  public AlarmState trigger() {
    return trigger;
  }

  /** Whether the gate closed: an alarm fired, or the alarms could not be read. */
  public boolean fired() {
    return trigger != null || failure != null;
  }

  /** One line: which alarm stopped the run, its state, since when, and its reason. */
  public String stopReason() {
    if (trigger != null) {
      return "alarm "
          + trigger.name()
          + " in "
          + trigger.state()
          + " since "
          + Instant.ofEpochMilli(trigger.updatedMillis())
          + ": "
          + trigger.reason();
    }
    return failure;
  }

  /**
   * Reads the alarms before anything starts; answers why the run may not start, or null. An alarm
   * already firing refuses unless {@code ignoreAtStart}; a name that does not exist (or a prefix
   * that matches nothing) refuses.
   */
  public String checkAtStart() {
    if (!enabled()) {
      return null;
    }
    AlarmReading r;
    try {
      r = read.readAlarms(settings.selection());
    } catch (ActivityFailure e) {
      return "alarms " + settings.selection().describe() + " could not be read: " + message(e);
    }
    states = r.alarms();
    if (!r.missing().isEmpty()) {
      return "no such alarm: " + String.join(", ", r.missing());
    }
    if (r.alarms().isEmpty()) {
      return "no alarm matches " + settings.selection().describe();
    }
    AlarmState firing = r.firing(settings.missingData(), Map.of());
    if (firing == null) {
      return null;
    }
    if (!settings.ignoreAtStart()) {
      return "alarm "
          + firing.name()
          + " is in "
          + firing.state()
          + " since "
          + Instant.ofEpochMilli(firing.updatedMillis())
          + ": "
          + firing.reason()
          + " (--ignore-alarms-at-start starts anyway)";
    }
    for (AlarmState a : r.alarms()) {
      if (a.inAlarm() || a.insufficientData()) {
        ignored.put(a.name(), a.updatedMillis());
      }
    }
    log.info("alarms firing at start ignored until they change state: {}", ignored.keySet());
    return null;
  }

  /**
   * Watches in the background while the caller runs {@code phase}; {@code onFire} runs once if an
   * alarm fires. Cancel the scope answered when the phase ends.
   */
  public CancellationScope watchWhile(String phase, Runnable onFire) {
    CancellationScope scope =
        Workflow.newCancellationScope(
            () ->
                Async.procedure(
                    () -> {
                      try {
                        watchUntil(phase, Long.MAX_VALUE);
                      } catch (CanceledFailure e) {
                        return; // the phase ended
                      }
                      if (fired()) {
                        onFire.run();
                      }
                    }));
    if (enabled()) {
      scope.run();
    }
    return scope;
  }

  /**
   * Waits until {@code endMillis} (workflow time), watching the alarms when there are any; answers
   * early when one fires (then {@link #fired()}).
   */
  public void watchUntil(String phase, long endMillis) {
    while (!fired()) {
      long now = Workflow.currentTimeMillis();
      if (now >= endMillis) {
        return;
      }
      if (!enabled()) {
        Workflow.sleep(Duration.ofMillis(endMillis - now));
        return;
      }
      long until = Math.min(endMillis, now + WATCH_LENGTH.toMillis());
      AlarmReading r;
      try {
        r =
            watch.watchAlarms(
                new AlarmWatch(
                    settings.selection(),
                    phase,
                    until,
                    settings.poll().toMillis(),
                    settings.missingData(),
                    ignored));
      } catch (ActivityFailure e) {
        if (e.getCause() instanceof CanceledFailure c) {
          throw c;
        }
        failure = "alarms " + settings.selection().describe() + " could not be read: " + message(e);
        log.warn("{} during {}: the run stops", failure, phase);
        return;
      }
      states = r.alarms();
      AlarmState firing = r.firing(settings.missingData(), ignored);
      if (firing != null) {
        trigger = firing;
        log.info("alarm {} in {} during {}: the run stops", firing.name(), firing.state(), phase);
        return;
      }
      long rest = until - Workflow.currentTimeMillis();
      if (rest > 0) {
        // A watch answers at its end; this only paces one that answered early.
        Workflow.sleep(Duration.ofMillis(rest));
      }
    }
  }

  private static String message(ActivityFailure e) {
    return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
  }
}
