package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.fleet.FaultRule;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fault rules that fire for one invocation do to it, combined: the first rule (instance
 * rules before global ones) that sets an exit code decides it, stdout/stderr texts are all
 * appended, latencies add up, and any hang or offline rule wins.
 */
record FaultEffects(
    Integer exitCode,
    String stdout,
    String stderr,
    Duration extraLatency,
    boolean hang,
    boolean offline,
    List<String> rules) {

  static final FaultEffects NONE =
      new FaultEffects(null, "", "", Duration.ZERO, false, false, List.of());

  /** Evaluates the rules once per run (firing consumes a rule's {@code times}). */
  static FaultEffects evaluate(Fleet fleet, Instance instance, String commandText) {
    Integer exit = null;
    String out = "";
    String err = "";
    Duration latency = Duration.ZERO;
    boolean hang = false;
    boolean offline = false;
    List<String> fired = new ArrayList<>();
    for (FaultRule rule : fleet.faultsFor(instance)) {
      if (!rule.fires(instance, commandText)) {
        continue;
      }
      fired.add(rule.id());
      if (exit == null && rule.exitCode() != null) {
        exit = rule.exitCode();
      }
      out = OutputText.append(out, rule.stdout());
      err = OutputText.append(err, rule.stderr());
      latency = latency.plus(rule.extraLatency());
      hang |= rule.hang();
      offline |= rule.offline();
    }
    return fired.isEmpty()
        ? NONE
        : new FaultEffects(exit, out, err, latency, hang, offline, List.copyOf(fired));
  }

  /** True when the rules make the command itself fail (so an install does not happen). */
  boolean breaksExecution() {
    return hang || offline || (exitCode != null && exitCode != 0);
  }
}
