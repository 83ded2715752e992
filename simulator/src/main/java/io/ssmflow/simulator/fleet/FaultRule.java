package io.ssmflow.simulator.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An injected fault: when a command's text matches {@code match} on a selected instance, the
 * command ends with the rule's outcome instead of (or on top of) its own.
 *
 * @param id a name for the rule (admin API lists and clears by id)
 * @param match regex searched in the command text (AWS-RunShellScript commands joined by newlines;
 *     for AWS-RunPatchBaseline the text {@code AWS-RunPatchBaseline Operation=Install ...})
 * @param instanceIds instances the rule applies to; empty with empty {@code tags} means every
 *     instance the rule is attached to (or all, for global rules)
 * @param tags instances whose tags contain all of these
 * @param exitCode the exit code to end with (null: the command's own)
 * @param stdout text appended to stdout (null: none)
 * @param stderr text appended to stderr (null: none)
 * @param extraLatency added before the command ends
 * @param hang the command never ends on its own (it times out)
 * @param offline the instance goes offline (ConnectionLost): this and later invocations end
 *     DeliveryTimedOut / Undeliverable
 * @param afterPatch the rule applies only once the instance has installed patches
 * @param times how many times the rule fires (null: unlimited)
 */
public record FaultRule(
    String id,
    Pattern match,
    Set<String> instanceIds,
    Map<String, String> tags,
    Integer exitCode,
    String stdout,
    String stderr,
    Duration extraLatency,
    boolean hang,
    boolean offline,
    boolean afterPatch,
    Integer times,
    AtomicInteger fired) {

  public FaultRule {
    instanceIds = instanceIds == null ? Set.of() : Set.copyOf(instanceIds);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    extraLatency = extraLatency == null ? Duration.ZERO : extraLatency;
    fired = fired == null ? new AtomicInteger() : fired;
  }

  /** Whether the rule selects this instance (ignoring the command text). */
  public boolean selects(Instance instance) {
    if (!instanceIds.isEmpty()
        && !instanceIds.contains(instance.id())
        && !instanceIds.contains(instance.name())) {
      return false;
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (!e.getValue().equals(instance.tags().get(e.getKey()))) {
        return false;
      }
    }
    return !afterPatch || !instance.installedPatches().isEmpty();
  }

  /**
   * Whether the rule fires for this command on this instance; consumes one of {@code times} when it
   * does.
   */
  public boolean fires(Instance instance, String commandText) {
    if (!selects(instance) || !match.matcher(commandText).find()) {
      return false;
    }
    if (times == null) {
      fired.incrementAndGet();
      return true;
    }
    while (true) {
      int n = fired.get();
      if (n >= times) {
        return false;
      }
      if (fired.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }
}
