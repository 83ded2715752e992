package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.command.InvocationStatus;
import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.fleetrun.InstanceResult;
import io.ssmflow.workflows.fleetrun.RunState;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Reads the findings of an audit's instances while its pass runs: the instances the engine finished
 * are taken as they are reported; those whose checks ran go to {@link AuditActivities#readFindings}
 * in batches of at most 50, a few calls at a time; the others (never launched, the first check
 * undelivered, refused by SendCommand) are not checked, with the engine's reason. It runs in a
 * detached scope, so a cancelled audit still reads what ran. Workflow code: deterministic, one
 * instance per audit run.
 */
final class FindingsReader {
  /** readFindings calls running at once. */
  static final int PARALLEL = 4;

  private static final Logger log = Workflow.getLogger(FindingsReader.class);

  /** Where the verdicts go. */
  interface Sink {
    void audited(InstanceAudit audit);

    void notChecked(String instanceId, String reason);
  }

  private final AuditActivities activities;
  private final List<AuditCheck> checks;
  private final Supplier<Map<String, InstanceResult>> live;
  private final Sink sink;
  private final Set<String> seen = new HashSet<>();
  private final Deque<InstanceRuns> queue = new ArrayDeque<>();

  /** How many entries of the live map were taken (it only grows while a pass runs). */
  private int liveTaken;

  private int calls;
  private int reading;
  private boolean closed;
  private Promise<Void> done;

  /**
   * @param activities the readFindings stub
   * @param checks the audit's checks (their commands are left out of the calls)
   * @param live the running pass's finished instances, in the order they finished
   * @param sink where the verdicts go
   */
  FindingsReader(
      AuditActivities activities,
      List<AuditCheck> checks,
      Supplier<Map<String, InstanceResult>> live,
      Sink sink) {
    this.activities = activities;
    this.checks =
        checks.stream()
            .map(
                c ->
                    new AuditCheck(
                        c.name(),
                        c.builtIn(),
                        List.of(),
                        c.timeoutSeconds(),
                        c.rules(),
                        c.recommendation()))
            .toList();
    this.live = live;
    this.sink = sink;
  }

  /** Starts reading in its own detached scope. */
  void start() {
    Workflow.newDetachedCancellationScope(() -> done = Async.procedure(this::loop)).run();
  }

  /** Takes the pass's final results (instances already taken are ignored); no more come. */
  void finish(Collection<InstanceResult> results) {
    takeLive();
    results.forEach(this::take);
    closed = true;
  }

  /** Waits until every instance taken has its verdict. */
  void awaitDone() {
    done.get();
  }

  /** Instances finished by the engine whose findings are not read yet. */
  int unread() {
    return queue.size() + reading + Math.max(0, live.get().size() - liveTaken);
  }

  private void loop() {
    while (true) {
      Workflow.await(
          () ->
              closed
                  || live.get().size() - liveTaken + queue.size() >= FindingsRequest.MAX_INSTANCES);
      takeLive();
      Workflow.await(() -> calls < PARALLEL || closed && queue.isEmpty() && calls == 0);
      if (closed && queue.isEmpty()) {
        Workflow.await(() -> calls == 0);
        return;
      }
      if (queue.size() >= FindingsRequest.MAX_INSTANCES || closed && !queue.isEmpty()) {
        read();
      }
    }
  }

  private void read() {
    List<InstanceRuns> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < FindingsRequest.MAX_INSTANCES) {
      batch.add(queue.poll());
    }
    calls++;
    reading += batch.size();
    Async.function(activities::readFindings, new FindingsRequest(checks, batch))
        .handle(
            (result, failure) -> {
              calls--;
              reading -= batch.size();
              if (failure == null) {
                result.audited().forEach(sink::audited);
                result.notChecked().forEach(s -> sink.notChecked(s.instanceId(), s.reason()));
              } else {
                String why =
                    failure instanceof TemporalFailure t
                        ? Failures.message(t)
                        : failure.getMessage();
                log.error("findings of {} instances not read: {}", batch.size(), why);
                batch.forEach(i -> sink.notChecked(i.instanceId(), "findings not read: " + why));
              }
              return null;
            });
  }

  private void takeLive() {
    Map<String, InstanceResult> finished = live.get();
    if (finished.size() == liveTaken) {
      return;
    }
    Iterator<InstanceResult> it = finished.values().iterator();
    for (int i = 0; i < liveTaken; i++) {
      it.next();
    }
    while (it.hasNext()) {
      take(it.next());
    }
    liveTaken = finished.size();
  }

  private void take(InstanceResult r) {
    if (!seen.add(r.instanceId())) {
      return;
    }
    if (r.state() != RunState.SKIPPED && !r.runs().isEmpty()) {
      queue.add(new InstanceRuns(r.instanceId(), r.runs()));
    } else {
      sink.notChecked(r.instanceId(), notCheckedReason(r));
    }
  }

  /**
   * Why an instance on which no check ran is not checked: an undelivered first check in the words
   * the audit report has always used, else the engine's reason (cutoff, not started).
   */
  static String notCheckedReason(InstanceResult r) {
    if (!r.runs().isEmpty()) {
      InvocationStatus last = r.runs().get(r.runs().size() - 1).status();
      if (last == InvocationStatus.DELIVERY_TIMED_OUT) {
        return "delivery timed out";
      }
      if (last == InvocationStatus.UNDELIVERABLE) {
        return "undeliverable";
      }
    }
    return r.reason() == null || r.reason().isBlank() ? "no check ran" : r.reason();
  }
}
