package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.command.CommandActivities;
import io.ssmflow.workflows.command.IdempotencyKeys;
import io.ssmflow.workflows.command.SendCommandRequest;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The audit loop: a sliding window of at most MaxConcurrency instances, started in batches of
 * at most 50 (one SSM command per check and batch); each {@code runChecks} call starts the next
 * batch and returns the instances whose checks all ended, already parsed into findings.
 *
 * <p>History stays bounded: one activity per loop turn, and a new batch is only started once a
 * quarter of the window (at most 50) is free, so the number of turns is about
 * instances / batch size, not one per instance.
 *
 * <p>Cancel: launching stops, the commands in flight are cancelled in a detached scope, and the
 * summary still goes out for what had ended.
 */
public final class InfrastructureAuditWorkflowImpl implements InfrastructureAuditWorkflow {
  private static final Logger log = Workflow.getLogger(InfrastructureAuditWorkflowImpl.class);

  private final FleetActivities fleet = Workflow.newActivityStub(FleetActivities.class,
      AuditActivityOptions.shortCall());
  private final AuditActivities audits = Workflow.newActivityStub(AuditActivities.class,
      AuditActivityOptions.step());
  private final CommandActivities commands = Workflow.newActivityStub(CommandActivities.class,
      AuditActivityOptions.shortCall());
  private final NotificationActivities notify = Workflow.newActivityStub(
      NotificationActivities.class, AuditActivityOptions.notifications());

  private String phase = "resolving";
  private int eligibleCount;
  private final Map<String, InstanceAudit> audited = new TreeMap<>();
  private final Map<String, String> notChecked = new TreeMap<>();
  private final List<AuditBatch> pending = new ArrayList<>();
  private final int[] severityCounts = new int[Severity.values().length];
  private List<AuditCheck> checks = List.of();
  /** The batch a runChecks call in progress was asked to start (null when none). */
  private String startingKey;
  private List<String> starting = List.of();

  @Override
  public AuditResult audit(AuditRequest request) {
    long started = Workflow.currentTimeMillis();
    RateLimit concurrency;
    try {
      AuditChecks.validate(request.checks());
      concurrency = RateLimit.maxConcurrency(request.maxConcurrency());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
    }
    checks = request.checks();
    boolean cancelled = false;
    try {
      ResolvedTargets targets = fleet.resolveTargets(request.targets());
      targets.skipped().forEach(s -> notChecked.put(s.instanceId(), s.reason()));
      eligibleCount = targets.eligible().size();
      phase = "checking";
      loop(request, targets.eligible(), concurrency.concurrencyFor(eligibleCount));
    } catch (CanceledFailure e) {
      cancelled = true;
    } catch (ActivityFailure e) {
      // A cancelled workflow sees its activity in progress fail with a CanceledFailure cause.
      if (!(e.getCause() instanceof CanceledFailure)) {
        throw e;
      }
      cancelled = true;
    }
    if (cancelled) {
      Workflow.newDetachedCancellationScope(this::cancelInFlight).run();
    }
    phase = "reporting";
    AuditResult result = result(request, started, cancelled);
    if (cancelled) {
      Workflow.newDetachedCancellationScope(() -> report(request, result)).run();
    } else {
      report(request, result);
    }
    phase = "done";
    return result;
  }

  @Override
  public AuditProgress progress() {
    return new AuditProgress(phase, eligibleCount, audited.size(), inFlight(),
        notChecked.size(), severityCounts[0], severityCounts[1], severityCounts[2]);
  }

  private void loop(AuditRequest request, List<String> queue, int window) {
    String keyPrefix = IdempotencyKeys.of("b");
    int threshold = Math.min(SendCommandRequest.MAX_INSTANCES, Math.max(1, window / 4));
    int next = 0;
    int batch = 0;
    long cutoff = request.launchCutoffMillis();
    while (true) {
      long now = Workflow.currentTimeMillis();
      boolean pastCutoff = cutoff > 0 && now >= cutoff;
      if (pastCutoff && next < queue.size()) {
        queue.subList(next, queue.size()).forEach(id -> notChecked.put(id, "cutoff"));
        log.info("launch cutoff passed: {} instances not checked", queue.size() - next);
        next = queue.size();
      }
      List<String> start = List.of();
      String key = null;
      int remaining = queue.size() - next;
      int free = window - inFlight();
      if (remaining > 0 && free > 0) {
        int size = Math.min(Math.min(free, SendCommandRequest.MAX_INSTANCES), remaining);
        if (pending.isEmpty() || size >= Math.min(threshold, remaining)) {
          start = List.copyOf(queue.subList(next, next + size));
          key = keyPrefix + batch++;
          next += size;
        }
      }
      if (start.isEmpty() && pending.isEmpty()) {
        return;
      }
      Duration maxWait = AuditActivityOptions.STEP_MAX_WAIT;
      if (cutoff > 0 && !pastCutoff && next < queue.size()) {
        maxWait = Duration.ofMillis(Math.max(1_000, Math.min(maxWait.toMillis(), cutoff - now)));
      }
      startingKey = key;
      starting = start;
      AuditStepResult step = audits.runChecks(new AuditStepRequest(key, start, request.checks(),
          List.copyOf(pending), maxWait, AuditActivityOptions.STEP_LINGER));
      startingKey = null;
      if (step.started() != null) {
        pending.add(step.started());
      }
      Set<String> done = new HashSet<>();
      for (InstanceAudit a : step.audited()) {
        audited.put(a.instanceId(), a);
        a.findings().forEach(f -> severityCounts[f.severity().ordinal()]++);
        done.add(a.instanceId());
      }
      for (SkippedInstance s : step.notChecked()) {
        notChecked.put(s.instanceId(), s.reason());
        done.add(s.instanceId());
      }
      settle(done);
    }
  }

  /** Removes finished instances from the batches in flight, and batches left empty. */
  private void settle(Set<String> done) {
    for (int i = pending.size() - 1; i >= 0; i--) {
      AuditBatch b = pending.get(i);
      List<String> left = b.instanceIds().stream().filter(id -> !done.contains(id)).toList();
      if (left.isEmpty()) {
        pending.remove(i);
      } else if (left.size() < b.instanceIds().size()) {
        pending.set(i, new AuditBatch(b.commandIds(), left));
      }
    }
  }

  private int inFlight() {
    return pending.stream().mapToInt(b -> b.instanceIds().size()).sum();
  }

  private void cancelInFlight() {
    if (startingKey != null) {
      // The cancelled call may have sent the batch's commands: the same key finds them again
      // (or sends them, to be cancelled at once), so none is left running unseen.
      pending.add(audits.runChecks(new AuditStepRequest(startingKey, starting, checks,
          List.of(), Duration.ZERO, Duration.ZERO)).started());
      startingKey = null;
    }
    for (AuditBatch b : pending) {
      for (String commandId : b.commandIds()) {
        try {
          commands.cancelCommand(commandId, b.instanceIds());
        } catch (ActivityFailure e) {
          log.warn("could not cancel command {}: {}", commandId, e.getMessage());
        }
      }
      b.instanceIds().forEach(id -> notChecked.put(id, "cancelled"));
    }
    pending.clear();
    phase = "cancelled";
  }

  private AuditResult result(AuditRequest request, long started, boolean cancelled) {
    Map<String, Integer> bySeverity = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      bySeverity.put(s.name(), severityCounts[s.ordinal()]);
    }
    Map<String, Integer> byCheck = new LinkedHashMap<>();
    Map<String, String> customAdvice = new HashMap<>();
    for (AuditCheck c : request.checks()) {
      byCheck.put(c.name(), 0);
      if (c.recommendation() != null) {
        customAdvice.put(c.name(), c.recommendation());
      }
    }
    Map<String, Severity> typeSeverity = new LinkedHashMap<>();
    Map<String, Set<String>> typeInstances = new LinkedHashMap<>();
    Map<String, String> typeCheck = new HashMap<>();
    for (InstanceAudit a : audited.values()) {
      for (Finding f : a.findings()) {
        byCheck.merge(f.check(), 1, Integer::sum);
        typeSeverity.merge(f.type(), f.severity(), (x, y) -> x.compareTo(y) <= 0 ? x : y);
        typeInstances.computeIfAbsent(f.type(), t -> new java.util.TreeSet<>())
            .add(a.instanceId());
        typeCheck.putIfAbsent(f.type(), f.check());
      }
    }
    List<Recommendation> recommendations = new ArrayList<>();
    typeSeverity.forEach((type, severity) -> {
      String text = BuiltInChecks.recommendation(type);
      if (text == null) {
        text = customAdvice.getOrDefault(typeCheck.get(type),
            "Review the " + type + " findings of check " + typeCheck.get(type) + ".");
      }
      recommendations.add(new Recommendation(type, severity, typeInstances.get(type).size(),
          text));
    });
    recommendations.sort(Comparator.comparing(Recommendation::severity)
        .thenComparing(Comparator.comparingInt(Recommendation::instances).reversed())
        .thenComparing(Recommendation::type));
    List<SkippedInstance> skipped = new ArrayList<>();
    notChecked.forEach((id, reason) -> skipped.add(new SkippedInstance(id, reason)));
    return new AuditResult(request.targets().describe(), request.environment(),
        request.checks().stream().map(AuditCheck::name).toList(), started,
        Workflow.currentTimeMillis(), cancelled, audited.size(), bySeverity, byCheck,
        List.copyOf(audited.values()), skipped, recommendations);
  }

  private void report(AuditRequest request, AuditResult r) {
    if (request.snsTopicArn() != null) {
      try {
        notify.publish(request.snsTopicArn(), AuditSummaries.subject(r),
            AuditSummaries.message(Workflow.getInfo().getWorkflowId(), r));
      } catch (ActivityFailure e) {
        log.warn("audit summary not published: {}", e.getMessage());
      }
    }
    if (request.metricsNamespace() != null) {
      Map<String, String> dimensions = new LinkedHashMap<>();
      dimensions.put("Operation", "audit");
      if (request.environment() != null) {
        dimensions.put("Environment", request.environment());
      }
      try {
        notify.putMetrics(request.metricsNamespace(), dimensions, List.of(
            new MetricDatum("FindingsHigh", r.count(Severity.HIGH), "Count"),
            new MetricDatum("FindingsMedium", r.count(Severity.MEDIUM), "Count"),
            new MetricDatum("FindingsLow", r.count(Severity.LOW), "Count"),
            new MetricDatum("InstancesChecked", r.checkedCount(), "Count"),
            new MetricDatum("InstancesNotChecked", r.notChecked().size(), "Count")));
      } catch (ActivityFailure e) {
        log.warn("audit metrics not sent: {}", e.getMessage());
      }
    }
  }
}
