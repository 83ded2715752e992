package io.ssmflow.workflows.window;

import io.ssmflow.workflows.audit.AuditResult;
import io.ssmflow.workflows.audit.InfrastructureAuditWorkflow;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.ssmflow.workflows.deploy.DeploymentOutcome;
import io.ssmflow.workflows.deploy.DeploymentResult;
import io.ssmflow.workflows.deploy.DeploymentWorkflow;
import io.ssmflow.workflows.patch.PatchResult;
import io.ssmflow.workflows.patch.PatchWorkflow;
import io.ssmflow.workflows.runbook.AutomationExecution;
import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.RunbookWorkflow;
import io.ssmflow.workflows.schedule.AwsSchedule;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * A maintenance window run. The window opens at its scheduled start; a run whose start the AWS
 * expression does not fire at (the Temporal spec is a superset for W, nL, L of February) ends at
 * once as NOT_DUE. A manual trigger (a Temporal schedule's trigger starts the action at the request
 * time) is always due: it is told apart by a time of day the expression never fires at.
 *
 * <p>Tasks run by priority (lower first; equal priorities in parallel, each a child workflow with
 * its own rate control). Every operation receives the window's cutoff as its launch cutoff, so a
 * running operation starts no new instance after it; no task starts after it. At the end of the
 * duration the tasks still running are cancelled ({@link
 * ChildWorkflowCancellationType#WAIT_CANCELLATION_COMPLETED}: this run waits for their own cancel
 * cleanup) and recorded CANCELLED.
 */
public class MaintenanceWindowWorkflowImpl implements MaintenanceWindowWorkflow {
  /** Set by the Temporal server on workflows a schedule starts. */
  static final SearchAttributeKey<OffsetDateTime> SCHEDULED_START =
      SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime");

  /** {@link Workflow#getVersion} change id of the due check that real servers need. */
  static final String DUE_CHECK_CHANGE = "due-check-by-time-of-day";

  private static final Logger log = Workflow.getLogger(MaintenanceWindowWorkflowImpl.class);

  private final Map<String, WindowTaskResult> status = new LinkedHashMap<>();
  private final List<Child> running = new ArrayList<>();

  /** The scope of the priority group running now (its children are cancelled with it). */
  private CancellationScope groupScope;

  private String cancelledWhen = "at the end of the window";

  /** A started task. */
  private static final class Child {
    final WindowTask task;
    final String workflowId;
    Promise<Outcome> result;

    Child(WindowTask task, String workflowId) {
      this.task = task;
      this.workflowId = workflowId;
    }
  }

  /** An operation's result reduced to what the window records. */
  private record Outcome(boolean succeeded, String message) {}

  @Override
  public MaintenanceWindowResult run(MaintenanceWindowRequest request) {
    ZoneId zone;
    AwsSchedule schedule;
    try {
      request.validate();
      zone = AwsSchedule.zone(request.timeZone() == null ? "UTC" : request.timeZone());
      schedule =
          request.scheduleExpression() == null
              ? null
              : AwsSchedule.parse(request.scheduleExpression());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidRequest");
    }
    List<WindowTask> tasks = new ArrayList<>(request.tasks());
    tasks.sort(Comparator.comparingInt(WindowTask::priority));
    for (WindowTask t : tasks) {
      set(t, TaskStatus.PENDING, null, null);
    }
    long start = windowStart(request);
    long end = start + request.duration().toMillis();
    long cutoff = end - request.cutoff().toMillis();
    ZonedDateTime startTime = Instant.ofEpochMilli(start).atZone(zone);
    Workflow.setCurrentDetails(
        "window "
            + request.windowName()
            + " from "
            + startTime
            + ", cutoff "
            + Instant.ofEpochMilli(cutoff).atZone(zone)
            + ", end "
            + Instant.ofEpochMilli(end).atZone(zone));

    if (schedule != null && !due(schedule, start, startTime)) {
      for (WindowTask t : tasks) {
        set(t, TaskStatus.NOT_DUE, null, "not due");
      }
      String why = schedule.text() + " does not fire at " + startTime + ": nothing ran";
      log.info("window {} not due: {}", request.windowName(), why);
      return result(WindowOutcome.NOT_DUE, why, start, cutoff, end);
    }

    TreeMap<Integer, List<WindowTask>> groups = new TreeMap<>();
    for (WindowTask t : tasks) {
      groups.computeIfAbsent(t.priority(), p -> new ArrayList<>()).add(t);
    }
    try {
      for (List<WindowTask> group : groups.values()) {
        if (Workflow.currentTimeMillis() >= cutoff) {
          break;
        }
        runGroup(group, cutoff, end);
      }
      skipPending(TaskStatus.SKIPPED_CUTOFF, "not started: the window's cutoff had passed");
    } catch (CanceledFailure e) {
      // The children's scopes are cancelled with this run; wait for their own cleanup.
      Workflow.newDetachedCancellationScope(
              () -> {
                // A scope that has finished running is no longer reached by its parent's cancel.
                cancelledWhen = "with the window run";
                if (groupScope != null) {
                  groupScope.cancel("the window run was cancelled");
                }
                Workflow.await(this::allCompleted);
                collect();
                skipPending(TaskStatus.CANCELLED, "not started: the window run was cancelled");
              })
          .run();
      return result(WindowOutcome.CANCELLED, "the window run was cancelled", start, cutoff, end);
    }
    long ok = status.values().stream().filter(r -> r.status() == TaskStatus.SUCCEEDED).count();
    WindowOutcome outcome = ok == status.size() ? WindowOutcome.SUCCEEDED : WindowOutcome.FAILED;
    return result(
        outcome, ok + " of " + status.size() + " tasks succeeded" + counts(), start, cutoff, end);
  }

  /** Starts one priority group, waits for it or for the end of the window. */
  private void runGroup(List<WindowTask> group, long cutoff, long end) {
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> {
              for (WindowTask task : group) {
                startChild(task.withLaunchCutoff(cutoff));
              }
            });
    groupScope = scope;
    scope.run();
    long wait = end - Workflow.currentTimeMillis();
    boolean finished = wait > 0 && Workflow.await(Duration.ofMillis(wait), this::allCompleted);
    if (!finished) {
      log.info("window end: cancelling {} running task(s)", running.size());
      scope.cancel("the maintenance window ended");
      Workflow.await(this::allCompleted);
    }
    collect();
  }

  private void startChild(WindowTask task) {
    String id = Workflow.getInfo().getWorkflowId() + "/" + task.name();
    ChildWorkflowOptions.Builder builder =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .setStaticSummary(
                "maintenance window task "
                    + task.name()
                    + " ("
                    + task.operation().name().toLowerCase(Locale.ROOT)
                    + ", priority "
                    + task.priority()
                    + ")");
    // ssmflow's search attributes only when the run carries them: they are registered on the
    // namespace then (a schedule created by ssmflow sets them), so the Web UI and
    // `ssmflow list` show the tasks too; a server without them never sees them.
    if (Workflow.getTypedSearchAttributes().containsKey(SsmflowAttributes.OPERATION)) {
      builder.setTypedSearchAttributes(attributes(task));
    }
    ChildWorkflowOptions options = builder.build();
    Child child = new Child(task, id);
    switch (task.operation()) {
      case DEPLOY -> {
        DeploymentWorkflow stub = Workflow.newChildWorkflowStub(DeploymentWorkflow.class, options);
        child.result = Async.function(stub::deploy, task.deploy()).thenApply(this::outcome);
      }
      case PATCH -> {
        PatchWorkflow stub = Workflow.newChildWorkflowStub(PatchWorkflow.class, options);
        child.result = Async.function(stub::patch, task.patch()).thenApply(this::outcome);
      }
      case AUDIT -> {
        InfrastructureAuditWorkflow stub =
            Workflow.newChildWorkflowStub(InfrastructureAuditWorkflow.class, options);
        child.result = Async.function(stub::audit, task.audit()).thenApply(this::outcome);
      }
      case RUNBOOK -> {
        RunbookWorkflow stub = Workflow.newChildWorkflowStub(RunbookWorkflow.class, options);
        child.result = Async.function(stub::run, task.runbook()).thenApply(this::outcome);
      }
      default -> throw new IllegalStateException("no child for " + task.operation());
    }
    running.add(child);
    set(task, TaskStatus.RUNNING, id, null);
  }

  private static SearchAttributes attributes(WindowTask task) {
    SearchAttributes.Builder b =
        SearchAttributes.newBuilder()
            .set(SsmflowAttributes.OPERATION, task.operation().name().toLowerCase(Locale.ROOT));
    switch (task.operation()) {
      case DEPLOY ->
          b.set(SsmflowAttributes.APP, task.deploy().app())
              .set(SsmflowAttributes.ENVIRONMENT, task.deploy().environment());
      case PATCH -> b.set(SsmflowAttributes.ENVIRONMENT, task.patch().environment());
      case AUDIT -> {
        if (task.audit().environment() != null) {
          b.set(SsmflowAttributes.ENVIRONMENT, task.audit().environment());
        }
      }
      case RUNBOOK -> b.set(SsmflowAttributes.DOCUMENT, task.runbook().document().name());
      default -> {}
    }
    return b.build();
  }

  private Outcome outcome(DeploymentResult r) {
    return new Outcome(
        r.outcome() == DeploymentOutcome.SUCCEEDED, r.outcome() + ": " + r.message());
  }

  /** Findings are the audit's result, not a failure: it succeeded unless it was cut short. */
  private Outcome outcome(AuditResult r) {
    return new Outcome(
        !r.cancelled(),
        (r.cancelled() ? "CANCELLED: " : "COMPLETED: ")
            + r.checkedCount()
            + " instances checked, findings "
            + r.bySeverity()
            + (r.notChecked().isEmpty() ? "" : ", " + r.notChecked().size() + " not checked"));
  }

  private Outcome outcome(AutomationExecution r) {
    return new Outcome(
        r.status() == AutomationStatus.SUCCESS,
        r.status().awsName() + (r.failureMessage() == null ? "" : ": " + r.failureMessage()));
  }

  private Outcome outcome(PatchResult r) {
    return new Outcome(r.outcome().isSuccess(), r.outcome() + ": " + r.message());
  }

  private boolean allCompleted() {
    for (Child c : running) {
      if (!c.result.isCompleted()) {
        return false;
      }
    }
    return true;
  }

  private void collect() {
    for (Child c : running) {
      try {
        Outcome o = c.result.get();
        set(
            c.task,
            o.succeeded() ? TaskStatus.SUCCEEDED : TaskStatus.FAILED,
            c.workflowId,
            o.message());
      } catch (ChildWorkflowFailure e) {
        if (e.getCause() instanceof CanceledFailure) {
          set(
              c.task,
              TaskStatus.CANCELLED,
              c.workflowId,
              "cancelled " + cancelledWhen + " after its own cleanup (see " + c.workflowId + ")");
        } else {
          set(c.task, TaskStatus.FAILED, c.workflowId, message(e));
        }
      } catch (CanceledFailure e) {
        set(c.task, TaskStatus.CANCELLED, c.workflowId, "cancelled before it started");
      }
    }
    running.clear();
  }

  private static String message(ChildWorkflowFailure e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    String m = cause instanceof TemporalFailure f ? f.getOriginalMessage() : cause.getMessage();
    return "the workflow failed: " + (m == null ? cause.getClass().getSimpleName() : m);
  }

  private void skipPending(TaskStatus to, String why) {
    for (WindowTaskResult r : new ArrayList<>(status.values())) {
      if (r.status() == TaskStatus.PENDING) {
        status.put(
            r.name(), new WindowTaskResult(r.name(), r.operation(), r.priority(), to, null, why));
      }
    }
  }

  private String counts() {
    Map<TaskStatus, Integer> n = new TreeMap<>();
    for (WindowTaskResult r : status.values()) {
      if (r.status() != TaskStatus.SUCCEEDED) {
        n.merge(r.status(), 1, Integer::sum);
      }
    }
    if (n.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    n.forEach((s, c) -> parts.add(c + " " + s.name().toLowerCase(Locale.ROOT)));
    return " (" + String.join(", ", parts) + ")";
  }

  private void set(WindowTask t, TaskStatus s, String workflowId, String message) {
    status.put(
        t.name(),
        new WindowTaskResult(t.name(), t.operation(), t.priority(), s, workflowId, message));
  }

  private MaintenanceWindowResult result(
      WindowOutcome outcome, String message, long start, long cutoff, long end) {
    return new MaintenanceWindowResult(
        outcome, message, start, cutoff, end, new ArrayList<>(status.values()));
  }

  /** The request's start, else the schedule's scheduled time, else now. */
  private static long windowStart(MaintenanceWindowRequest request) {
    if (request.windowStartMillis() != 0) {
      return request.windowStartMillis();
    }
    OffsetDateTime scheduled = Workflow.getTypedSearchAttributes().get(SCHEDULED_START);
    return scheduled != null ? scheduled.toInstant().toEpochMilli() : Workflow.currentTimeMillis();
  }

  /**
   * Whether a run starting at {@code start} is due. Only an inexact expression (its Temporal spec
   * fires on a superset of the AWS times) can start a run that is not, at a time of day it fires at
   * on a day AWS would not. A real Temporal server stamps every schedule run, a trigger's too, with
   * its scheduled time truncated to the second, so a trigger is told apart by a time of day the
   * expression never fires at. Version {@code DEFAULT} took a start off the whole second for a
   * trigger, which only the Java test server gives.
   */
  private static boolean due(AwsSchedule schedule, long start, ZonedDateTime startTime) {
    int version = Workflow.getVersion(DUE_CHECK_CHANGE, Workflow.DEFAULT_VERSION, 1);
    if (version == Workflow.DEFAULT_VERSION) {
      return start % 1_000 != 0 || schedule.isFireTime(startTime);
    }
    return schedule.exact()
        || schedule.isFireTime(startTime)
        || !schedule.firesAtTimeOfDay(startTime);
  }

  @Override
  public List<WindowTaskResult> tasks() {
    return new ArrayList<>(status.values());
  }
}
