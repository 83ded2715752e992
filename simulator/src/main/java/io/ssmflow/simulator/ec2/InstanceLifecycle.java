package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.fleet.Instance;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops, starts and reboots instances the way EC2 does: through {@code stopping} and {@code
 * pending}, which last {@link Ec2Knobs#stateChangeDuration()}, and a reboot during which the SSM
 * agent is unreachable (ping status ConnectionLost).
 */
final class InstanceLifecycle {
  private static final DateTimeFormatter REASON_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'GMT'").withZone(ZoneOffset.UTC);

  /** One instance's state before and after a call. */
  record Change(String instanceId, String previous, String current) {}

  /** Why an instance is stopping or stopped (EC2's stateReason and reason). */
  record StateReason(String code, String message, String transitionReason) {}

  private static final class Reboot {
    final String savedPing;
    int count = 1;

    Reboot(String savedPing) {
      this.savedPing = savedPing;
    }
  }

  private final Ec2State state;
  private final Map<String, StateReason> reasons = new ConcurrentHashMap<>();
  private final Map<String, Reboot> reboots = new HashMap<>(); // guarded by itself

  InstanceLifecycle(Ec2State state) {
    this.state = state;
  }

  /** running to stopping to stopped; a stopping or stopped instance is left as it is. */
  List<Change> stop(List<Instance> instances) {
    for (Instance i : instances) {
      if ("pending".equals(i.state())) {
        throw Ec2Errors.incorrectInstanceState(i.id(), "stopped");
      }
    }
    List<Change> changes = new ArrayList<>();
    for (Instance i : instances) {
      synchronized (i) {
        String previous = i.state();
        if ("running".equals(previous)) {
          i.state("stopping");
          reasons.put(i.id(), userShutdown(Instant.now()));
          state.timers.after(
              state.knobs.stateChangeDuration(), () -> settle(i, "stopping", "stopped"));
        }
        changes.add(new Change(i.id(), previous, i.state()));
      }
    }
    return changes;
  }

  /** stopped to pending to running; a pending or running instance is left as it is. */
  List<Change> start(List<Instance> instances) {
    for (Instance i : instances) {
      if ("stopping".equals(i.state())) {
        throw Ec2Errors.incorrectInstanceState(i.id(), "started");
      }
    }
    List<Change> changes = new ArrayList<>();
    for (Instance i : instances) {
      synchronized (i) {
        String previous = i.state();
        if ("stopped".equals(previous)) {
          i.state("pending");
          reasons.remove(i.id());
          state.timers.after(
              state.knobs.stateChangeDuration(), () -> settle(i, "pending", "running"));
        }
        changes.add(new Change(i.id(), previous, i.state()));
      }
    }
    return changes;
  }

  /** The agent drops its connection for the duration of a reboot; only running instances. */
  void reboot(List<Instance> instances) {
    for (Instance i : instances) {
      if (!"running".equals(i.state())) {
        throw Ec2Errors.incorrectInstanceState(i.id(), "rebooted");
      }
    }
    for (Instance i : instances) {
      beginReboot(i);
      state.timers.after(state.knobs.stateChangeDuration(), () -> endReboot(i));
    }
  }

  /**
   * Takes the agent offline until {@link #endReboot}. Overlapping reboots nest, and the ping status
   * from before the first one comes back (an agent an injected fault took offline stays offline).
   */
  void beginReboot(Instance instance) {
    synchronized (reboots) {
      if (!"running".equals(instance.state())) {
        return;
      }
      Reboot r = reboots.get(instance.id());
      if (r == null) {
        reboots.put(instance.id(), new Reboot(instance.pingStatus()));
      } else {
        r.count++;
      }
      instance.pingStatus("ConnectionLost");
    }
  }

  void endReboot(Instance instance) {
    synchronized (reboots) {
      Reboot r = reboots.get(instance.id());
      if (r != null && --r.count == 0) {
        reboots.remove(instance.id());
        instance.pingStatus(r.savedPing);
      }
    }
  }

  /** Why the instance is in its state, or null when it is running normally. */
  StateReason reason(Instance instance) {
    String s = instance.state();
    if ("pending".equals(s)) {
      return new StateReason("pending", "pending", "");
    }
    if ("stopping".equals(s) || "stopped".equals(s)) {
      StateReason r = reasons.get(instance.id());
      // An instance the fleet file declares stopped was stopped by its user at launch.
      return r != null ? r : userShutdown(instance.launchTime());
    }
    return null;
  }

  void clear() {
    reasons.clear();
    synchronized (reboots) {
      reboots.clear();
    }
  }

  private static void settle(Instance instance, String from, String to) {
    synchronized (instance) {
      if (from.equals(instance.state())) {
        instance.state(to);
      }
    }
  }

  private static StateReason userShutdown(Instant at) {
    return new StateReason(
        "Client.UserInitiatedShutdown",
        "Client.UserInitiatedShutdown: User initiated shutdown",
        "User initiated (" + REASON_TIME.format(at) + ")");
  }
}
