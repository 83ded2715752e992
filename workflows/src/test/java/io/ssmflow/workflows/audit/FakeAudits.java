package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleet.SkippedInstance;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake audit activity. Built-in checks run {@code echo <name>} for 60 s at most; custom checks
 * their own lines. Reading an instance's findings answers what {@code outcome} says for its runs
 * (findings, or a not-checked reason). Records every call, the runs each instance was read with,
 * and the most reads at once; can fail every read.
 */
final class FakeAudits implements AuditActivities {
  /** What an instance's audit gives: findings, or (when notChecked is set) a reason. */
  record Outcome(List<Finding> findings, String notChecked) {
    static Outcome found(Finding... f) {
      return new Outcome(List.of(f), null);
    }

    static Outcome notChecked(String reason) {
      return new Outcome(List.of(), reason);
    }
  }

  static final int BUILT_IN_TIMEOUT_SECONDS = 60;

  private final Function<InstanceRuns, Outcome> outcome;
  final List<List<AuditCheck>> commandCalls = new CopyOnWriteArrayList<>();
  final List<FindingsRequest> reads = new CopyOnWriteArrayList<>();
  final Map<String, InstanceRuns> readRuns = new ConcurrentHashMap<>();
  private final AtomicInteger reading = new AtomicInteger();
  final AtomicInteger maxParallelReads = new AtomicInteger();
  final AtomicInteger failedReads = new AtomicInteger();
  volatile boolean failEveryRead;

  FakeAudits(Function<InstanceRuns, Outcome> outcome) {
    this.outcome = outcome;
  }

  /** An outcome decided by the instance id alone. */
  static Function<InstanceRuns, Outcome> byId(Function<String, Outcome> outcome) {
    return runs -> outcome.apply(runs.instanceId());
  }

  @Override
  public List<CheckCommand> checkCommands(List<AuditCheck> checks) {
    commandCalls.add(checks);
    return checks.stream()
        .map(
            c ->
                c.builtIn()
                    ? new CheckCommand(
                        c.name(), List.of("echo " + c.name()), BUILT_IN_TIMEOUT_SECONDS)
                    : new CheckCommand(c.name(), c.commands(), c.timeoutSeconds()))
        .toList();
  }

  @Override
  public FindingsResult readFindings(FindingsRequest request) {
    if (failEveryRead) {
      throw ApplicationFailure.newFailure(
          "SSM unavailable (read " + failedReads.incrementAndGet() + ")", "Unavailable");
    }
    maxParallelReads.accumulateAndGet(reading.incrementAndGet(), Math::max);
    try {
      Thread.sleep(20); // as a real read takes a while: overlapping calls show
      reads.add(request);
      List<InstanceAudit> audited = new ArrayList<>();
      List<SkippedInstance> notChecked = new ArrayList<>();
      for (InstanceRuns i : request.instances()) {
        readRuns.put(i.instanceId(), i);
        Outcome o = outcome.apply(i);
        if (o.notChecked() != null) {
          notChecked.add(new SkippedInstance(i.instanceId(), o.notChecked()));
        } else {
          audited.add(new InstanceAudit(i.instanceId(), o.findings(), List.of()));
        }
      }
      return new FindingsResult(audited, notChecked);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      reading.decrementAndGet();
    }
  }

  int readInstances() {
    return reads.stream().mapToInt(r -> r.instances().size()).sum();
  }
}
