package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleet.SkippedInstance;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake audit activity: starting a batch "sends" one command per check; every instance in
 * flight finishes at the next call with what {@code outcome} says (findings, or a not-checked
 * reason). It records the batches, the in-flight peak, and can fail the first attempts or hold.
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

  private final Function<String, Outcome> outcome;
  final List<AuditStepRequest> calls = new CopyOnWriteArrayList<>();
  final List<List<String>> batches = new CopyOnWriteArrayList<>();
  private final Map<String, List<String>> sent = new ConcurrentHashMap<>();
  final Map<String, Integer> attemptsByKey = new ConcurrentHashMap<>();
  final AtomicInteger maxInFlight = new AtomicInteger();
  volatile int failFirstAttempts;
  volatile boolean hold;
  final CountDownLatch holding = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);

  FakeAudits(Function<String, Outcome> outcome) {
    this.outcome = outcome;
  }

  @Override
  public AuditStepResult runChecks(AuditStepRequest request) {
    if (request.batchKey() != null) {
      int attempt = attemptsByKey.merge(request.batchKey(), 1, Integer::sum);
      if (attempt <= failFirstAttempts) {
        throw ApplicationFailure.newFailure("SSM unavailable (attempt " + attempt + ")",
            "Unavailable");
      }
    }
    calls.add(request);
    AuditBatch started = null;
    int inFlight = request.pending().stream().mapToInt(b -> b.instanceIds().size()).sum();
    List<String> finishing = new ArrayList<>();
    request.pending().forEach(b -> finishing.addAll(b.instanceIds()));
    if (request.batchKey() != null) {
      List<String> commandIds = request.checks().stream()
          .map(c -> "cmd-" + request.batchKey() + "-" + c.name()).toList();
      started = new AuditBatch(commandIds, request.start());
      if (sent.putIfAbsent(request.batchKey(), request.start()) == null) {
        batches.add(request.start()); // a retry with the same key finds the same commands
      }
      inFlight += request.start().size();
      finishing.addAll(request.start());
    }
    maxInFlight.accumulateAndGet(inFlight, Math::max);
    if (hold && !request.maxWait().isZero()) {
      holding.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new AuditStepResult(started, List.of(), List.of());
    }
    List<InstanceAudit> audited = new ArrayList<>();
    List<SkippedInstance> notChecked = new ArrayList<>();
    for (String id : finishing) {
      Outcome o = outcome.apply(id);
      if (o.notChecked() != null) {
        notChecked.add(new SkippedInstance(id, o.notChecked()));
      } else {
        audited.add(new InstanceAudit(id, o.findings(), List.of()));
      }
    }
    return new AuditStepResult(started, audited, notChecked);
  }

  int startedInstances() {
    return batches.stream().mapToInt(List::size).sum();
  }
}
