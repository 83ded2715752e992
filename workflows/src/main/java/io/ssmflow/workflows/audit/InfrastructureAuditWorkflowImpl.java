package io.ssmflow.workflows.audit;

import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.fleetrun.FleetRun;
import io.ssmflow.workflows.fleetrun.FleetRunSpec;
import io.ssmflow.workflows.fleetrun.RunCounts;
import io.ssmflow.workflows.fleetrun.RunPlan;
import io.ssmflow.workflows.fleetrun.RunStep;
import io.ssmflow.workflows.notify.MetricDatum;
import io.ssmflow.workflows.notify.NotificationActivities;
import io.ssmflow.workflows.ratecontrol.RateLimit;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * A fleet audit as one pass of the fleet-run engine ({@link FleetRun}): a plan of one shell step
 * per check, run as checks only (every check runs whatever the previous one answered, nothing
 * counts as an error, each instance keeps its command id per check), under the request's
 * MaxConcurrency and launch cutoff, sliced into child workflows like a deployment (docs/design.md,
 * "The fleet-run engine"). The checks' commands come from the audit activity once, at the start
 * (recorded in history: the activity keeps each built-in command beside the parser that reads its
 * output).
 *
 * <p>While the pass runs, the instances it finishes are read a batch of at most 50 at a time
 * ({@link FindingsReader}): the activity fetches each check's output and parses it, so only typed
 * findings enter history, never command output.
 *
 * <p>Cancel: launching stops, the instances in flight finish their checks ({@link FleetRun#drain}
 * in a detached scope), their findings are read, and the summary still goes out.
 */
public final class InfrastructureAuditWorkflowImpl implements InfrastructureAuditWorkflow {
  /** SendCommand's delivery timeout for the checks. */
  static final int DELIVERY_TIMEOUT_SECONDS = 300;

  /** The slices' ids: {@code <audit id>/checks-<n>}. */
  static final String SLICE_PREFIX = "checks";

  private static final Logger log = Workflow.getLogger(InfrastructureAuditWorkflowImpl.class);

  private final FleetActivities fleet =
      Workflow.newActivityStub(FleetActivities.class, AuditActivityOptions.shortCall());
  private final AuditActivities commands =
      Workflow.newActivityStub(AuditActivities.class, AuditActivityOptions.commands());
  private final AuditActivities findings =
      Workflow.newActivityStub(AuditActivities.class, AuditActivityOptions.findings());
  private final NotificationActivities notify =
      Workflow.newActivityStub(NotificationActivities.class, AuditActivityOptions.notifications());

  private String phase = "resolving";
  private List<String> eligible = List.of();
  private final Map<String, InstanceAudit> audited = new TreeMap<>();
  private final Map<String, String> notChecked = new TreeMap<>();
  private final int[] severityCounts = new int[Severity.values().length];
  private FleetRun runs;
  private FindingsReader reader;

  @Override
  public AuditResult audit(AuditRequest request) {
    long started = Workflow.currentTimeMillis();
    RateLimit concurrency;
    try {
      AuditChecks.validate(request.checks());
      concurrency = request.maxConcurrency();
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
    }
    runs = new FleetRun();
    boolean cancelled = false;
    try {
      ResolvedTargets targets = fleet.resolveTargets(request.targets());
      targets.skipped().forEach(s -> notChecked.put(s.instanceId(), s.reason()));
      eligible = List.copyOf(targets.eligible());
      if (!eligible.isEmpty()) {
        phase = "checking";
        check(request, concurrency.concurrencyFor(eligible.size()));
      }
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
      Workflow.newDetachedCancellationScope(this::afterCancel).run();
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
    RunCounts counts = runs == null ? null : runs.counts();
    int inFlight =
        (counts == null ? 0 : counts.inFlight()) + (reader == null ? 0 : reader.unread());
    return new AuditProgress(
        phase,
        eligible.size(),
        audited.size(),
        inFlight,
        notChecked.size(),
        severityCounts[0],
        severityCounts[1],
        severityCounts[2]);
  }

  /** The one pass: every check on every eligible instance, findings read as instances end. */
  private void check(AuditRequest request, int concurrency) {
    RunPlan plan = plan(request.checks(), commands.checkCommands(request.checks()));
    reader =
        new FindingsReader(
            findings,
            request.checks(),
            runs::finished,
            new FindingsReader.Sink() {
              @Override
              public void audited(InstanceAudit a) {
                if (audited.putIfAbsent(a.instanceId(), a) == null) {
                  a.findings().forEach(f -> severityCounts[f.severity().ordinal()]++);
                }
              }

              @Override
              public void notChecked(String instanceId, String reason) {
                notChecked.putIfAbsent(instanceId, reason);
              }
            });
    reader.start();
    String env = request.environment() == null ? "" : " in " + request.environment();
    FleetRunSpec spec =
        FleetRunSpec.newBuilder(plan, eligible)
            .concurrency(concurrency)
            .launchCutoffMillis(request.launchCutoffMillis())
            .childPrefix(SLICE_PREFIX)
            .summary("audit " + request.targets().describe() + env)
            .build();
    FleetRun.Result pass = runs.run(spec);
    reader.finish(pass.instances().values());
    reader.awaitDone();
  }

  /** One shell step per check, in the request's order; checks only. */
  private static RunPlan plan(List<AuditCheck> checks, List<CheckCommand> commands) {
    List<String> asked = checks.stream().map(AuditCheck::name).toList();
    List<String> answered = commands.stream().map(CheckCommand::check).toList();
    if (!asked.equals(answered)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "checkCommands answered " + answered + " for the checks " + asked,
          "InvalidCheckCommands");
    }
    List<RunStep> steps = new ArrayList<>();
    for (CheckCommand c : commands) {
      steps.add(
          RunStep.shell(c.check(), c.commands(), c.timeoutSeconds())
              .withDeliveryTimeout(DELIVERY_TIMEOUT_SECONDS));
    }
    return RunPlan.of("audit", steps).checksOnly();
  }

  /**
   * After a cancel: the pass stops launching and its instances in flight finish their checks; their
   * findings are read. Instances never started are not checked.
   */
  private void afterCancel() {
    phase = "cancelled";
    if (reader != null) {
      reader.finish(runs.drain("cancelled").instances().values());
      reader.awaitDone();
    }
    for (String id : eligible) {
      if (!audited.containsKey(id)) {
        notChecked.putIfAbsent(id, "not started: cancelled");
      }
    }
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
        typeInstances.computeIfAbsent(f.type(), t -> new java.util.TreeSet<>()).add(a.instanceId());
        typeCheck.putIfAbsent(f.type(), f.check());
      }
    }
    List<Recommendation> recommendations = new ArrayList<>();
    typeSeverity.forEach(
        (type, severity) -> {
          String text = BuiltInChecks.recommendation(type);
          if (text == null) {
            text =
                customAdvice.getOrDefault(
                    typeCheck.get(type),
                    "Review the " + type + " findings of check " + typeCheck.get(type) + ".");
          }
          recommendations.add(
              new Recommendation(type, severity, typeInstances.get(type).size(), text));
        });
    recommendations.sort(
        Comparator.comparing(Recommendation::severity)
            .thenComparing(Comparator.comparingInt(Recommendation::instances).reversed())
            .thenComparing(Recommendation::type));
    List<SkippedInstance> skipped = new ArrayList<>();
    notChecked.forEach((id, reason) -> skipped.add(new SkippedInstance(id, reason)));
    return new AuditResult(
        request.targets().describe(),
        request.environment(),
        request.checks().stream().map(AuditCheck::name).toList(),
        started,
        Workflow.currentTimeMillis(),
        cancelled,
        audited.size(),
        bySeverity,
        byCheck,
        List.copyOf(audited.values()),
        skipped,
        recommendations);
  }

  private void report(AuditRequest request, AuditResult r) {
    if (request.snsTopicArn() != null) {
      try {
        notify.publish(
            request.snsTopicArn(),
            AuditSummaries.subject(r),
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
        notify.putMetrics(
            request.metricsNamespace(),
            dimensions,
            List.of(
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
