package io.ssmflow.workflows.window;

import io.ssmflow.workflows.audit.AuditRequest;
import io.ssmflow.workflows.deploy.DeploymentRequest;
import io.ssmflow.workflows.patch.PatchRequest;
import io.ssmflow.workflows.runbook.RunbookRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One task of a maintenance window: exactly one ssmflow operation request, run as a child workflow
 * with its own rate control. Lower priorities run first; equal priorities run in parallel (as SSM
 * maintenance window tasks).
 *
 * <p>Adding an operation: one nullable field here, one constant in {@link WindowOperation}, one
 * case in {@link #operation()} and {@link #withLaunchCutoff(long)}, and one case in {@code
 * MaintenanceWindowWorkflowImpl.startChild}.
 *
 * @param name unique within the window ([A-Za-z0-9._-], 1-64); the child's workflow id ends with it
 * @param priority lower runs first (0 = highest, as SSM)
 * @param deploy a deployment, or null
 * @param patch a patch run, or null
 * @param audit a fleet audit, or null
 * @param runbook a runbook run, or null
 */
public record WindowTask(
    String name,
    int priority,
    DeploymentRequest deploy,
    PatchRequest patch,
    AuditRequest audit,
    RunbookRequest runbook) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Checks the name and that exactly one operation is set. */
  public WindowTask {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "task name '" + name + "' must be 1-64 of" + " A-Z a-z 0-9 . _ -");
    }
    if (priority < 0) {
      throw new IllegalArgumentException("task priority must be 0 or more, not " + priority);
    }
    List<String> set = new ArrayList<>();
    if (deploy != null) {
      set.add("deploy");
    }
    if (patch != null) {
      set.add("patch");
    }
    if (audit != null) {
      set.add("audit");
    }
    if (runbook != null) {
      set.add("runbook");
    }
    if (set.size() != 1) {
      throw new IllegalArgumentException(
          "task "
              + name
              + " must carry exactly one operation,"
              + " not "
              + (set.isEmpty() ? "none" : String.join(" and ", set)));
    }
  }

  public static WindowTask deploy(String name, int priority, DeploymentRequest request) {
    return new WindowTask(name, priority, request, null, null, null);
  }

  public static WindowTask patch(String name, int priority, PatchRequest request) {
    return new WindowTask(name, priority, null, request, null, null);
  }

  public static WindowTask audit(String name, int priority, AuditRequest request) {
    return new WindowTask(name, priority, null, null, request, null);
  }

  public static WindowTask runbook(String name, int priority, RunbookRequest request) {
    return new WindowTask(name, priority, null, null, null, request);
  }

  /** Which operation this task runs. */
  public WindowOperation operation() {
    return deploy != null
        ? WindowOperation.DEPLOY
        : patch != null
            ? WindowOperation.PATCH
            : audit != null ? WindowOperation.AUDIT : WindowOperation.RUNBOOK;
  }

  /**
   * This task with the window's launch cutoff applied (the earlier of the window's and the
   * request's own, when it has one).
   */
  public WindowTask withLaunchCutoff(long cutoffMillis) {
    return switch (operation()) {
      case DEPLOY ->
          deploy(
              name,
              priority,
              deploy.withLaunchCutoff(earlier(deploy.launchCutoffMillis(), cutoffMillis)));
      case PATCH ->
          patch(
              name,
              priority,
              patch.withLaunchCutoff(earlier(patch.launchCutoffMillis(), cutoffMillis)));
      case AUDIT ->
          audit(
              name,
              priority,
              new AuditRequest(
                  audit.targets(),
                  audit.maxConcurrency(),
                  audit.checks(),
                  audit.environment(),
                  audit.snsTopicArn(),
                  audit.metricsNamespace(),
                  earlier(audit.launchCutoffMillis(), cutoffMillis)));
      case RUNBOOK -> runbook(name, priority, runbook.withLaunchCutoff(cutoffMillis));
    };
  }

  private static long earlier(long own, long window) {
    return own == 0 ? window : Math.min(own, window);
  }
}
